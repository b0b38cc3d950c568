package io.cdcfanout.producerapi;

import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import io.cdcfanout.localstack.testing.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The shared stack plus Kafka and Connect, with the outbox connector file of the local stack
 * registered; exposes {@code kafka.bootstrap.servers} to the test. Started here rather than in the
 * test so the stack is only ever driven from one class loader.
 */
public class OutboxStackResource implements QuarkusTestResourceLifecycleManager {

    private static final String CONNECTOR_FILE = "infra/connect/outbox-connector.json";

    private TestStack stack;
    private String connector;

    @Override
    public Map<String, String> start() {
        try {
            stack = TestStack.shared(Postgres.NAME, Kafka.NAME, KafkaConnect.NAME);
            ConnectorConfig config = ConnectorConfig.read(TestStack.repoRoot().resolve(CONNECTOR_FILE));
            stack.connect().apply(config, Duration.ofSeconds(90));
            connector = config.name();
            return Map.of(
                    "quarkus.datasource.jdbc.url", stack.jdbcUrl(),
                    "quarkus.datasource.username", stack.databaseUser(),
                    "quarkus.datasource.password", stack.databasePassword(),
                    "kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        } catch (StackException e) {
            throw new IllegalStateException("cannot start the test stack: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (stack != null && connector != null) {
            try {
                stack.connect().delete(connector);
            } catch (IOException e) {
                // The stack and its replication slot are purged at JVM exit anyway.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
