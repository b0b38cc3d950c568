package io.cdcfanout.producerapi;

import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The shared stack's PostgreSQL behind a {@link DatabaseProxy}, injected into the test's
 * {@code DatabaseProxy} field, so a test can take the database away or break a COMMIT.
 */
public class ProxiedStackResource implements QuarkusTestResourceLifecycleManager {

    private DatabaseProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            TestStack stack = TestStack.shared(Postgres.NAME);
            URI database = URI.create(stack.jdbcUrl().substring("jdbc:".length()));
            proxy = new DatabaseProxy(database.getHost(), database.getPort());
            return Map.of(
                    // Statement text with every execution, so the proxy can recognise COMMIT.
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath() + "?prepareThreshold=0",
                    "quarkus.datasource.username", stack.databaseUser(),
                    "quarkus.datasource.password", stack.databasePassword(),
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S");
        } catch (StackException e) {
            throw new IllegalStateException("cannot start the test stack: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the global {@link StackResource}, so this datasource URL is the one the app gets. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(DatabaseProxy.class));
    }

    @Override
    public void stop() {
        try {
            proxy.stop();
        } catch (IOException e) {
            // the JVM ends the proxy's threads anyway
        }
    }
}
