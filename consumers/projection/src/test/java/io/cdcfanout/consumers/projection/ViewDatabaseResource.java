package io.cdcfanout.consumers.projection;

import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a consumer under test at the real PostgreSQL of the test JVM's shared local stack (stopped at JVM exit), where
 * Flyway creates the consumer's schema. Works for {@code @QuarkusIntegrationTest}s too: the settings reach the packaged app.
 */
public class ViewDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            TestStack stack = TestStack.shared(Postgres.NAME);
            return Map.of(
                    "quarkus.datasource.jdbc.url", stack.jdbcUrl(),
                    "quarkus.datasource.username", stack.databaseUser(),
                    "quarkus.datasource.password", stack.databasePassword());
        } catch (StackException e) {
            throw new IllegalStateException("cannot start PostgreSQL for the test: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // The shared stack outlives each Quarkus app of this JVM and stops at JVM exit.
    }
}
