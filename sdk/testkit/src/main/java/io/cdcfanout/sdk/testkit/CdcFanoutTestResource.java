package io.cdcfanout.sdk.testkit;

import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.localstack.testing.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a real Kafka broker (and, with init arg {@code registry=true}, the schema registry) once per test
 * JVM, points the SDK at them and fills {@link InjectCdcTestKit} fields:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = CdcFanoutTestResource.class, initArgs = @ResourceArg(name = "topic", value = "filtered-loan-created-events"))
 * class LoanHandlerTest {
 *     @InjectCdcTestKit CdcTestKit kit;
 *
 *     @Test
 *     void loanIsProjected() {
 *         kit.publish("filtered-loan-created-events", SampleEvents.loanCreated("LOAN-1"), WireFormat.JSON);
 *         await().untilAsserted(() -> ...);
 *     }
 * }
 * }</pre>
 *
 * Init args: {@code registry} ({@code true} to start the schema registry too), {@code topics} (comma-separated
 * topics to create before the application subscribes). Also works for {@code @QuarkusIntegrationTest}s: the
 * configuration is passed to the packaged application.
 */
public class CdcFanoutTestResource implements QuarkusTestResourceLifecycleManager {

    private boolean registry;
    private List<String> topics = List.of();
    private CdcTestKit kit;

    @Override
    public void init(Map<String, String> initArgs) {
        registry = Boolean.parseBoolean(initArgs.getOrDefault("registry", "false"));
        String topicList = initArgs.getOrDefault("topics", "");
        topics = topicList.isBlank() ? List.of() : List.of(topicList.split("\\s*,\\s*"));
    }

    @Override
    public Map<String, String> start() {
        List<String> components = new ArrayList<>(List.of(Kafka.NAME));
        if (registry) {
            components.add(SchemaRegistry.NAME);
        }
        TestStack stack;
        try {
            stack = TestStack.shared(components.toArray(String[]::new));
        } catch (StackException e) {
            throw new IllegalStateException("cannot start " + components + " for the test: " + e.getMessage(), e);
        }
        kit = new CdcTestKit(stack.kafkaBootstrapServers(), registry ? stack.schemaRegistryUrl() : null);
        topics.forEach(kit::createTopic);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        if (registry) {
            config.put("cdcfanout.consumer.schema-registry.url", stack.schemaRegistryUrl());
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kit, new TestInjector.AnnotatedAndMatchesType(InjectCdcTestKit.class, CdcTestKit.class));
    }

    @Override
    public void stop() {
        // The stack is shared by the test JVM and stops when it exits; only the clients close here.
        if (kit != null) {
            kit.close();
        }
    }
}
