package io.cdcfanout.routingjob;

import static io.cdcfanout.routingjob.RoutingFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The generated SQL on real Kafka and a real Flink session cluster. One job serves the class
 * (starting one takes ~15 s); each test sends events of its own and looks only at those.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingJobTest {

    private static final Path SAMPLES = Path.of("../../contract/samples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RoutingFixture fixture;
    private static RuleEvaluator evaluator;
    private static final List<EventGenerator.Event> sentBeforeRestart = new ArrayList<>();

    @BeforeAll
    static void startJob() throws Exception {
        fixture = new RoutingFixture();
        evaluator = new RuleEvaluator(fixture.rules);
        fixture.startJob();
    }

    @AfterAll
    static void stopJob() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void everyShippedRuleRoutesTheReferenceSamplesToExactlyTheExpectedTopics() throws Exception {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        Map<String, ObjectNode> sent = new HashMap<>();
        send("car-created-event.json", e -> { }, sent, expected, "filtered-car-created-events");
        send("car-service-done-event.json", e -> { }, sent, expected, "filtered-service-events", "filtered-dealer-001-service-events");
        send("car-service-done-event.json", e -> entity(e).put("dealerId", "DEALER-002"), sent, expected, "filtered-service-events");
        send("loan-created-event.json", e -> { }, sent, expected, "filtered-loan-created-events");
        send("loan-created-event.json", e -> entity(e).put("loanAmount", 150000.01), sent, expected,
                "filtered-loan-created-events", "filtered-large-loan-events");
        send("loan-created-event.json", e -> entity(e).put("loanAmount", 100000), sent, expected, "filtered-loan-created-events");
        send("loan-payment-submitted-event.json", e -> { }, sent, expected, "filtered-loan-payment-submitted-events");
        fixture.awaitRouted();

        List<String> shippedTopics = fixture.rules.rules().stream().filter(r -> r.outputTopic().startsWith("filtered-"))
                .map(r -> fixture.options.topicNames().apply(r.outputTopic())).distinct().toList();
        Map<String, Set<String>> routed = new HashMap<>();
        for (ConsumerRecord<String, String> record : fixture.readAll(shippedTopics)) {
            String uuid = header(record, "eventId");
            ObjectNode event = sent.get(uuid);
            if (event == null) {
                continue;
            }
            String topic = fixture.baseName(record.topic());
            assertThat(routed.computeIfAbsent(uuid, u -> new TreeSet<>()).add(topic)).as("routed once to " + topic).isTrue();
            assertThat(record.key()).isEqualTo(entity(event).get("id").textValue());
            assertThat(record.value()).isEqualTo(event.toString());
            assertThat(header(record, "eventType")).isEqualTo(event.at("/eventHeader/eventType").textValue());
            assertThat(header(record, "id")).isEqualTo("outbox-" + uuid);
            Rule rule = fixture.rules.rules().stream().filter(r -> r.outputTopic().equals(topic)).findFirst().orElseThrow();
            assertThat(header(record, RecordHeaders.ROUTING_RULE_ID)).isEqualTo(rule.id());
            assertThat(header(record, RecordHeaders.ROUTING_RULE_NAME)).isEqualTo(rule.name());
            // The producer's trace continues in the consumer: the routed record keeps the raw record's traceparent.
            assertThat(header(record, RecordHeaders.TRACEPARENT)).isEqualTo(traceparent(uuid));
        }
        assertThat(routed).isEqualTo(expected);
    }

    @Test
    @Order(2)
    void referenceEvaluatorAndFlinkAgreeOnTwoThousandGeneratedEvents() throws Exception {
        List<EventGenerator.Event> events = sendGenerated(2000, 42);
        fixture.awaitRouted();

        Map<String, List<String>> routed = routedTopics(fixture.readAll(fixture.outputTopics()));
        List<String> disagreements = new ArrayList<>();
        int expectedRecords = 0;
        for (EventGenerator.Event event : events) {
            List<String> expected = evaluator.route(event.value(), event.op() == null ? Map.of() : Map.of("__op", event.op())).topics();
            expectedRecords += expected.size();
            List<String> actual = routed.getOrDefault(event.uuid(), List.of());
            if (!new TreeSet<>(expected).equals(new TreeSet<>(actual)) || actual.size() != expected.size()) {
                disagreements.add("evaluator " + expected + " flink " + actual + " op " + event.op() + " " + event.value());
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(expectedRecords).as("the rules route a good share of the events").isGreaterThan(2000);
        sentBeforeRestart.addAll(events);
    }

    @Test
    @Order(3)
    void malformedRecordsLandInTheDeadLetterTopicUnchanged() throws Exception {
        String prefix = "bad-" + UUID.randomUUID() + "-";
        List<String> malformed = new ArrayList<>(List.of("{not json", "[1,2]", "{\"eventHeader\":{}}", "", "\"text\"",
                "{\"eventHeader\":{\"eventType\":null}}", "{\"eventHeader\":{\"eventType\":{}}}", "{\"eventHeader\":{\"eventType\":\"A\""));
        malformed.add(null);
        for (int i = 0; i < malformed.size(); i++) {
            fixture.send(prefix + i, malformed.get(i), Map.of("eventId", prefix + i));
        }
        fixture.awaitRouted();

        Map<String, ConsumerRecord<String, String>> dead = new HashMap<>();
        for (ConsumerRecord<String, String> record : fixture.readAll(List.of(fixture.options.dlqTopic()))) {
            if (record.key() != null && record.key().startsWith(prefix)) {
                assertThat(dead.put(record.key(), record)).as("dead-lettered once: " + record.key()).isNull();
            }
        }
        assertThat(dead).hasSize(malformed.size());
        for (int i = 0; i < malformed.size(); i++) {
            ConsumerRecord<String, String> record = dead.get(prefix + i);
            assertThat(record.value()).isEqualTo(malformed.get(i));
            assertThat(header(record, RecordHeaders.ROUTING_ERROR)).isEqualTo(SqlGenerator.MALFORMED);
            assertThat(header(record, "eventId")).isEqualTo(prefix + i);
            assertThat(header(record, "sourceOffset")).isNotBlank();
        }
        assertThat(fixture.readAll(fixture.outputTopics())).noneMatch(r -> r.key() != null && r.key().startsWith(prefix));
    }

    @Test
    @Order(4)
    void restartedJobResumesFromCommittedOffsetsWithoutLosingOrReplaying() throws Exception {
        fixture.awaitRouted();
        fixture.stopJob();
        List<EventGenerator.Event> whileStopped = sendGenerated(100, 7);
        fixture.startJob();
        fixture.awaitRouted();

        Map<String, List<String>> routed = routedTopics(fixture.readAll(fixture.outputTopics()));
        for (EventGenerator.Event event : sentBeforeRestart) {
            assertThat(routed.getOrDefault(event.uuid(), List.of())).as("not replayed: " + event.uuid())
                    .hasSize(evaluator.route(event.value(), event.op() == null ? Map.of() : Map.of("__op", event.op())).topics().size());
        }
        for (EventGenerator.Event event : whileStopped) {
            List<String> expected = evaluator.route(event.value(), event.op() == null ? Map.of() : Map.of("__op", event.op())).topics();
            assertThat(new TreeSet<>(routed.getOrDefault(event.uuid(), List.of()))).as("routed after restart: " + event.value())
                    .isEqualTo(new TreeSet<>(expected));
        }
    }

    private static List<EventGenerator.Event> sendGenerated(int count, long seed) {
        EventGenerator generator = new EventGenerator(seed);
        List<EventGenerator.Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventGenerator.Event event = generator.next();
            Map<String, String> headers = new HashMap<>(Map.of("eventId", event.uuid()));
            if (event.op() != null) {
                headers.put("__op", event.op());
            }
            fixture.send(event.key(), event.value(), headers);
            events.add(event);
        }
        return events;
    }

    /** Base topic names each event (by its eventId header) reached, one entry per record. */
    private static Map<String, List<String>> routedTopics(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> header(r, "eventId") != null).collect(Collectors.groupingBy(
                r -> header(r, "eventId"), Collectors.mapping(r -> fixture.baseName(r.topic()), Collectors.toList())));
    }

    private static void send(String sample, Consumer<ObjectNode> change, Map<String, ObjectNode> sent,
            Map<String, Set<String>> expected, String... topics) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve(sample)));
        String uuid = UUID.randomUUID().toString();
        ((ObjectNode) event.get("eventHeader")).put("uuid", uuid);
        change.accept(event);
        sent.put(uuid, event);
        expected.put(uuid, new TreeSet<>(List.of(topics)));
        fixture.send(entity(event).get("id").textValue(), event.toString(),
                Map.of("eventId", uuid, "eventType", event.at("/eventHeader/eventType").textValue(), "id", "outbox-" + uuid,
                        RecordHeaders.TRACEPARENT, traceparent(uuid)));
    }

    /** A W3C traceparent as the outbox router writes it, its trace id made of the event's uuid. */
    private static String traceparent(String uuid) {
        return "00-" + uuid.replace("-", "") + "-00f067aa0ba902b7-01";
    }

    private static ObjectNode entity(ObjectNode event) {
        return (ObjectNode) event.get("entities").get(0);
    }
}
