package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.components.Http;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An outbox record too large for raw-business-events, written straight into PostgreSQL (past the
 * producer API's budget), on the real stack with infra/connect/outbox-connector.json: it is parked,
 * capture goes on, {@code ./fanout status} says so and exits non-zero, and the runbook's commands
 * (docs/OPERATIONS.md, "Parked records") list, re-drive and acknowledge it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParkedRecordsIT {

    private static final Path REPO = TestStack.repoRoot();
    private static final String CONNECTOR = "cdc-fanout-outbox";
    private static final UUID OVERSIZED = UUID.randomUUID();
    private static final UUID NORMAL = UUID.randomUUID();
    private static TestStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.start(List.of(Postgres.NAME), List.of(REPO.resolve("infra/connect/outbox-connector.json")));
        // The producer API's schema as its Flyway migrations make it, as the application role, then Connect, which registers the outbox connector.
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            for (Path migration : TestStack.producerMigrations()) {
                sql.execute(Files.readString(migration));
            }
        }
        stack.require(KafkaConnect.NAME);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anOversizedOutboxRecordIsParkedAndTheNextEventIsStillCaptured() throws Exception {
        // 1.1 MB of jsonb: over the 1 MiB record limit of infra/kafka/topics.json.
        writeEvent(OVERSIZED, "car-oversized", 1_100_000);
        writeEvent(NORMAL, "car-normal", 10);

        ConsumerRecord<String, String> normal = awaitRecord("raw-business-events", NORMAL);
        assertThat(normal.key()).isEqualTo("car-normal");
        assertThat(header(normal, "eventType")).isEqualTo("CarCreated");

        ConsumerRecord<String, String> parked = awaitRecord("raw-business-events-parked", OVERSIZED);
        assertThat(parked.key()).isEqualTo("car-oversized");
        assertThat(header(parked, "eventType")).isEqualTo("CarCreated");
        assertThat(header(parked, "id")).isNotBlank();
        assertThat(header(parked, "park-limit-bytes")).isEqualTo("1048576");
        assertThat(Long.parseLong(header(parked, "park-record-bytes"))).isGreaterThan(1_100_000);
        assertThat(header(parked, "park-reason")).contains("exceeds").contains("of topic raw-business-events");
        assertThat(parked.serializedValueSize()).isLessThan(2048);

        JsonNode status = new ObjectMapper().readTree(Http.get(stack.connectUrl() + "/connectors/" + CONNECTOR + "/status").body());
        assertThat(status.path("connector").path("state").asText()).isEqualTo("RUNNING");
        assertThat(status.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    @Order(2)
    void statusExitsNonZeroNamingTheParkedRecordAndTheCommandToInspectIt() throws Exception {
        FanoutRun plain = fanout("status");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(StatusCommand.PROBLEMS);
        assertThat(plain.out()).contains("PROBLEM: 1 record(s) parked on raw-business-events-parked", "newest event id " + OVERSIZED, "./fanout parked");

        FanoutRun pipeline = fanout("status", "--pipeline");
        assertThat(pipeline.exitCode()).isEqualTo(StatusCommand.PROBLEMS);
        assertThat(pipeline.out()).contains("PARKED TOPIC", "PROBLEM: 1 record(s) parked");
    }

    @Test
    @Order(3)
    void parkedListsTheEventAndRedriveRefusesWhatWouldBeParkedAgain() throws Exception {
        FanoutRun list = fanout("parked");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(OVERSIZED.toString(), "CarCreated", "1 unhandled parked record(s)");

        FanoutRun refused = fanout("parked", "redrive", "--event-id", OVERSIZED.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("event " + OVERSIZED + " is still", "it would be parked again");

        FanoutRun unknown = fanout("parked", "redrive", "--event-id", "not-a-uuid");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("--event-id must be a UUID");
    }

    /** The runbook's recovery: fix the stored event, re-drive it, acknowledge; status is clean again. */
    @Test
    @Order(4)
    void aFixedEventIsRedrivenToRawBusinessEventsAndAckClearsTheProblem() throws Exception {
        sql("UPDATE business_event SET event = event #- '{entities,0,pad}' WHERE event_id = '" + OVERSIZED + "'");

        FanoutRun redrive = fanout("parked", "redrive", "--event-id", OVERSIZED.toString());
        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("Event " + OVERSIZED + " re-driven");
        ConsumerRecord<String, String> redriven = awaitRecord("raw-business-events", OVERSIZED);
        assertThat(redriven.key()).isEqualTo("car-oversized");
        assertThat(new ObjectMapper().readTree(redriven.value()).path("eventHeader").path("uuid").asText()).isEqualTo(OVERSIZED.toString());

        FanoutRun ack = fanout("parked", "ack");
        assertThat(ack.exitCode()).isZero();
        assertThat(ack.out()).contains("Marked 1 parked record(s) as handled");
        FanoutRun status = fanout("status");
        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.out()).doesNotContain("PROBLEM");
    }

    /**
     * The runbook's "Capture stopped": the broker refuses a record (here: raw-business-events' limit
     * lowered below it behind the stack's back), the task FAILS, status says how to resume, and after
     * the cause is fixed, {@code ./fanout connector restart} resumes capture with nothing skipped.
     */
    @Test
    @Order(5)
    void aFailedTaskMakesStatusExitNonZeroAndConnectorRestartResumesWithNothingSkipped() throws Exception {
        ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, "raw-business-events");
        alterMaxMessageBytes(raw, "2000");
        UUID stuck = UUID.randomUUID();
        writeEvent(stuck, "car-stuck", 5000);
        await().atMost(Duration.ofSeconds(90)).until(() -> Http.get(stack.connectUrl() + "/connectors/" + CONNECTOR + "/status").body().contains("FAILED"));

        FanoutRun failed = fanout("status");
        assertThat(failed.exitCode()).isEqualTo(StatusCommand.PROBLEMS);
        assertThat(failed.out()).contains("PROBLEM: connector " + CONNECTOR + " is", "./fanout connector restart " + CONNECTOR);

        alterMaxMessageBytes(raw, "1048576");
        FanoutRun restart = fanout("connector", "restart", CONNECTOR);
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        assertThat(restart.out()).contains("connector " + CONNECTOR + ": RUNNING");
        assertThat(awaitRecord("raw-business-events", stuck).key()).isEqualTo("car-stuck");
        assertThat(fanout("status").exitCode()).isZero();
    }

    private static void alterMaxMessageBytes(ConfigResource topic, String bytes) throws Exception {
        try (Admin admin = stack.kafkaAdmin()) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", bytes),
                    AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> bytes.equals(admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS)
                    .get(topic).get("max.message.bytes").value()));
        }
    }

    /** What the producer API's transaction writes (EventRows): the event, and an outbox row inserted and deleted. */
    private static void writeEvent(UUID eventId, String entityId, int padBytes) throws Exception {
        String event = """
                {"eventHeader":{"uuid":"%s","eventType":"CarCreated","eventName":"Car created"},
                 "entities":[{"entityHeader":{"entityType":"Car","entityId":"%s"},"pad":"%s"}]}""".formatted(eventId, entityId, "x".repeat(padBytes));
        UUID outboxId = UUID.randomUUID();
        try (Connection db = stack.openDatabase()) {
            db.setAutoCommit(false);
            try (PreparedStatement insertEvent = db.prepareStatement("INSERT INTO business_event (event_id, event_type, event_name, primary_entity_id,"
                    + " created_date, saved_date, event) VALUES (?, 'CarCreated', 'Car created', ?, now(), now(), ?::jsonb)");
                    PreparedStatement insertOutbox = db.prepareStatement("INSERT INTO outboxevent (id, aggregatetype, aggregateid, type, timestamp,"
                            + " payload, eventid) VALUES (?, 'Car', ?, 'CarCreated', now(), ?::jsonb, ?)");
                    PreparedStatement deleteOutbox = db.prepareStatement("DELETE FROM outboxevent WHERE id = ?")) {
                insertEvent.setObject(1, eventId);
                insertEvent.setString(2, entityId);
                insertEvent.setString(3, event);
                insertEvent.executeUpdate();
                insertOutbox.setObject(1, outboxId);
                insertOutbox.setString(2, entityId);
                insertOutbox.setString(3, event);
                insertOutbox.setObject(4, eventId);
                insertOutbox.executeUpdate();
                deleteOutbox.setObject(1, outboxId);
                deleteOutbox.executeUpdate();
            }
            db.commit();
        }
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, UUID eventId) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                return received.stream().anyMatch(record -> eventId.toString().equals(header(record, "eventId")));
            });
        }
        return received.stream().filter(record -> eventId.toString().equals(header(record, "eventId"))).reduce((a, b) -> b).orElseThrow();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "parked-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static void sql(String statement) throws Exception {
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    private static FanoutRun fanout(String... args) throws IOException, InterruptedException {
        return FanoutRun.of(stack, args);
    }
}
