package io.cdcfanout.sdk.consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry becomes unreachable while an Avro record whose writer schema the consumer has not cached
 * waits: the consumer must report not-ready, commit nothing, dead-letter nothing, and handle the record
 * once the registry is back. The registry keeps running behind a proxy that the test cuts off.
 */
@QuarkusTest
@TestProfile(RegistryOutageTest.Profile.class)
class RegistryOutageTest {

    static final String GROUP = "sdk-outage-test";
    private static CdcTestKit kit;

    @Inject
    RecordingHandler handler;

    @BeforeAll
    static void kit() throws StackException {
        TestStack stack = TestStack.shared(Kafka.NAME, SchemaRegistry.NAME);
        kit = new CdcTestKit(stack.kafkaBootstrapServers(), stack.schemaRegistryUrl());
    }

    @AfterAll
    static void closeKit() {
        kit.close();
    }

    @Test
    void registryDownMeansNotReadyAndNothingCommittedUntilItReturns() throws IOException {
        String topic = kit.freshTopic("sdk-outage");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        CarCreated car = SampleEvents.carCreated("CAR-O1");
        // A writer schema no one registered before (same fields, unique doc), so the consumer must fetch it.
        String writerSchema = CarCreated.getClassSchema().toString().replaceFirst("\"doc\":\"[^\"]*\"", "\"doc\":\"outage " + UUID.randomUUID() + "\"");
        int schemaId = kit.registerSchema(topic + "-value", writerSchema, "AVRO");

        RegistryProxy.proxy.stop();
        try {
            kit.publishRaw(topic, "CAR-O1", ConfluentFraming.frame(schemaId, EventAvro.write(car)), CdcTestKit.headers(car));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503).body(containsString("schema registry")));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    kit.committedOffset(GROUP, topic) == 0 && handler.calls(topic).isEmpty());
        } finally {
            RegistryProxy.proxy.start();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(handler.events(topic)).containsExactly(car));
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.committedOffset(GROUP, topic) == 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cdcfanout.consumer.topic", "sdk-outage-.*", "cdcfanout.consumer.group-id", GROUP);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RegistryProxy.class));
        }
    }

    /** Starts Kafka and the registry, and points the consumer at the registry through a {@link TcpProxy}. */
    public static class RegistryProxy implements QuarkusTestResourceLifecycleManager {

        static TcpProxy proxy;

        @Override
        public Map<String, String> start() {
            try {
                TestStack stack = TestStack.shared(Kafka.NAME, SchemaRegistry.NAME);
                URI registry = URI.create(stack.schemaRegistryUrl());
                proxy = new TcpProxy(registry.getHost(), registry.getPort());
                String proxied = registry.getScheme() + "://" + registry.getHost() + ":" + proxy.port() + registry.getPath();
                return Map.of("kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                        "cdcfanout.consumer.schema-registry.url", proxied);
            } catch (StackException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            try {
                proxy.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
