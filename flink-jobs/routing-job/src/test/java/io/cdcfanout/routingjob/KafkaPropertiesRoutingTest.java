package io.cdcfanout.routingjob;

import static io.cdcfanout.routingjob.RoutingFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code --kafka-property} on the real local Kafka: the properties reach the source and sinks' Kafka clients. */
class KafkaPropertiesRoutingTest {

    private static final Path CAR_CREATED = Path.of("../../contract/samples/car-created-event.json");

    private static RoutingFixture fixture(Map<String, String> kafkaProperties) throws Exception {
        RoutingFixture fixture = new RoutingFixture(new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC))
                .parse("[{ id: cars, outputTopic: cars, conditions: [{ field: eventType, operator: equals, value: CarCreated }] }]", false, "test"));
        fixture.kafkaProperties = kafkaProperties;
        return fixture;
    }

    @Test
    void explicitPlaintextSecurityProtocolPassesThroughAndTheJobRoutes() throws Exception {
        try (RoutingFixture fixture = fixture(Map.of("security.protocol", "PLAINTEXT", "client.dns.lookup", "use_all_dns_ips"))) {
            fixture.startJob();
            String uuid = UUID.randomUUID().toString();
            fixture.send("CAR-2025-001", Files.readString(CAR_CREATED).replace("550e8400-e29b-41d4-a716-446655440001", uuid), Map.of("eventId", uuid));
            fixture.awaitRouted();
            assertThat(fixture.readAll(fixture.outputTopics())).extracting(r -> header(r, "eventId")).containsExactly(uuid);
        }
    }

    @Test
    void anInvalidSecurityProtocolReachesTheKafkaClientsAndFailsTheJob() throws Exception {
        try (RoutingFixture fixture = fixture(Map.of("security.protocol", "NOT_A_PROTOCOL"))) {
            RoutingJob.Submission job = fixture.submitJob();
            HttpClient http = HttpClient.newHttpClient();
            URI exceptions = URI.create(fixture.stack.flinkRestUrl() + "/jobs/" + job.client().getJobID() + "/exceptions");
            // Kafka's own validation of the value, raised inside the job: proof the property got there.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> http.send(HttpRequest.newBuilder(exceptions).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("Invalid value NOT_A_PROTOCOL for configuration security.protocol"));
        }
    }
}
