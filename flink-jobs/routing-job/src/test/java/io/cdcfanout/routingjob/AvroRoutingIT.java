package io.cdcfanout.routingjob;

import static io.cdcfanout.routingjob.RoutingFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.codec.Events;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingjob.avro.EventAvroErrorFunction;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Rules with {@code outputFormat: avro} on real Kafka, Flink and schema registry, with the functions jar (the
 * Avro functions and the SDK's codec) shipped to the session cluster. Runs after {@code package}.
 */
class AvroRoutingIT {

    private static final Path SAMPLES = Path.of("../../contract/samples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = """
            - { id: every-event-typed, outputTopic: typed-events, outputFormat: avro, conditions: [{ field: eventType, operator: exists }] }
            - { id: service-typed, outputTopic: typed-service-events, outputFormat: avro,
                conditions: [{ field: eventType, operator: equals, value: CarServiceDone }] }
            - { id: every-event-json, outputTopic: json-events, conditions: [{ field: eventType, operator: exists }] }
            """;

    @Test
    void avroRuleOutputsDecodeWithTheSdkIntoTheSameEventsAsTheJsonInputAndMisfitsGoToTheDeadLetterTopic() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME, FlinkCluster.NAME, SchemaRegistry.NAME);
        RuleSet rules = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(RULES, false, "test rules");
        try (RoutingFixture fixture = new RoutingFixture(stack, rules, false)) {
            fixture.jar = functionsJar();
            fixture.registryUrl = stack.schemaRegistryUrl();
            fixture.startJob();

            Map<String, String> sent = new HashMap<>();
            for (String sample : List.of("car-created-event.json", "car-service-done-event.json", "loan-created-event.json",
                    "loan-payment-submitted-event.json")) {
                ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve(sample)));
                sent.put(send(fixture, event), event.toString());
            }
            ObjectNode misfit = (ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve("car-created-event.json")));
            ((ObjectNode) misfit.get("entities").get(0)).remove("vin");
            String misfitId = send(fixture, misfit);
            fixture.awaitRouted();

            String typed = fixture.options.topicNames().apply("typed-events");
            String typedService = fixture.options.topicNames().apply("typed-service-events");
            Map<String, SpecificRecord> decoded = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : fixture.readAll(List.of(typed, typedService), ByteArrayDeserializer.class)) {
                SpecificRecord event = decode(stack.schemaRegistryUrl(), record.value(), header(record, "eventType"));
                String uuid = header(record, "eventId");
                assertThat(Events.header(event).getUuid()).isEqualTo(uuid);
                assertThat(record.key()).isEqualTo(Events.primaryEntityId(event));
                assertThat(header(record, RecordHeaders.ROUTING_RULE_ID)).isEqualTo(record.topic().equals(typed) ? "every-event-typed" : "service-typed");
                decoded.put(record.topic() + "/" + uuid, event);
            }
            assertThat(decoded).hasSize(5);
            sent.forEach((uuid, json) -> {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                assertThat(decoded.get(typed + "/" + uuid)).as("typed event " + uuid).isEqualTo(EventJson.read(bytes, 0, bytes.length));
            });

            // One subject per topic and event type (TopicRecordNameStrategy).
            assertThat(get(stack.schemaRegistryUrl() + "/subjects")).contains("\"" + typed + "-io.cdcfanout.events.CarCreated\"",
                    "\"" + typed + "-io.cdcfanout.events.CarServiceDone\"", "\"" + typedService + "-io.cdcfanout.events.CarServiceDone\"");

            List<ConsumerRecord<String, String>> deadLetters = fixture.readAll(List.of(fixture.options.dlqTopic()));
            assertThat(deadLetters).singleElement().satisfies(dead -> {
                assertThat(header(dead, "eventId")).isEqualTo(misfitId);
                assertThat(dead.value()).isEqualTo(misfit.toString());
                assertThat(header(dead, RecordHeaders.ROUTING_RULE_ID)).isEqualTo("every-event-typed");
                assertThat(header(dead, RecordHeaders.ROUTING_ERROR)).startsWith(EventAvroErrorFunction.PREFIX).contains("vin");
            });
            // JSON rules are unaffected by the Avro schema: the misfit is routed as JSON.
            assertThat(fixture.readAll(List.of(fixture.options.topicNames().apply("json-events"))).stream().map(r -> header(r, "eventId")))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(sent.keySet().stream(), Stream.of(misfitId)).toList());
        }
    }

    /** Sends a sample with a fresh uuid, keyed and with headers as the contract says; returns the uuid. */
    private static String send(RoutingFixture fixture, ObjectNode event) {
        String uuid = UUID.randomUUID().toString();
        ((ObjectNode) event.get("eventHeader")).put("uuid", uuid);
        fixture.send(event.get("entities").get(0).get("id").textValue(), event.toString(),
                Map.of("eventId", uuid, "eventType", event.at("/eventHeader/eventType").textValue()));
        return uuid;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** Decodes like the consumer SDK: the writer schema by the framed id from the registry, read as the SDK's type. */
    private static SpecificRecord decode(String registryUrl, byte[] value, String eventType) throws Exception {
        int id = ConfluentFraming.schemaId(value);
        Schema writer = new Schema.Parser().parse(JSON.readTree(get(registryUrl + "/schemas/ids/" + id)).get("schema").textValue());
        Schema reader = Events.schema(Events.typeNamed(eventType));
        assertThat(writer).as("the registered writer schema is the SDK's").isEqualTo(reader);
        return EventAvro.read(EventAvro.reader(writer, reader), value, ConfluentFraming.HEADER_LENGTH, value.length - ConfluentFraming.HEADER_LENGTH);
    }

    /**
     * The functions jar of this build (failsafe runs after package): the test cluster has the Kafka
     * connector in its classpath already, like a cluster with it in lib/.
     */
    private static Path functionsJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-functions.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-functions.jar: run after `package`"))
                    .toAbsolutePath();
        }
    }
}
