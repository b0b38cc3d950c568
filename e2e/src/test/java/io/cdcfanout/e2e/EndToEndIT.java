package io.cdcfanout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.fanout.apps.ConsumerApp;
import io.cdcfanout.loaddriver.EventFactory;
import io.cdcfanout.loaddriver.EventKind;
import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.loaddriver.Scenario;
import io.cdcfanout.localstack.process.StackState;
import io.cdcfanout.verifier.Stage;
import io.cdcfanout.verifier.VerificationReport;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's main job on the whole local stack (PostgreSQL, Kafka, registry, Connect + Debezium, Flink routing job,
 * producer API, the four consumers): load through the producer API, then the verifier proves where every event went.
 */
class EndToEndIT {

    private static FullPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = FullPipeline.start();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyProcessOfTheStackListensOnLoopbackOnly() throws Exception {
        Set<Long> pids = new HashSet<>();
        StackState.load(pipeline.stack.context().options().stateDir()).components().values().forEach(e -> pids.add(e.pid()));
        assertThat(pids).as("the stack's processes").hasSizeGreaterThanOrEqualTo(11);

        List<ListeningSockets.Socket> sockets = ListeningSockets.of(pids);

        assertThat(sockets).as("listening sockets").isNotEmpty();
        assertThat(sockets).allSatisfy(socket -> assertThat(socket.address().isLoopbackAddress() || isV4MappedLoopback(socket.address()))
                .as("%s (pid %d) listens on %s:%d", socket.command(), socket.pid(), socket.address().getHostAddress(), socket.port()).isTrue());
    }

    private static boolean isV4MappedLoopback(InetAddress address) {
        byte[] raw = address.getAddress();
        return raw.length == 16 && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff && raw[12] == 127;
    }

    @Test
    void smokeLoadReachesExactlyTheTopicsAndConsumersItsRulesNameWithNothingLostOrMisrouted() throws Exception {
        LoadSummary load = load(new Scenario.Batch(24, 2), "smoke");

        VerificationReport report = verify(load.runId(), load.totalAccepted(), Duration.ofMinutes(3));

        assertThat(load.totalAccepted()).as(load.toJson()).isEqualTo(96);
        assertThat(report.passed()).as(report.toText()).isTrue();
        assertThat(report.lost()).isZero();
        assertThat(report.misrouted()).isZero();
        assertThat(report.altered()).isZero();
        assertThat(report.raw().delivered()).isEqualTo(96);
        assertThat(report.topics()).extracting(Stage::name, Stage::delivered).contains(
                tuple("filtered-loan-created-events", 24L),
                tuple("filtered-large-loan-events", 6L),
                tuple("filtered-dealer-001-service-events", 12L));
        assertThat(report.consumers()).hasSize(4).allSatisfy(consumer -> {
            assertThat(consumer.expected()).isEqualTo(24);
            assertThat(consumer.delivered()).isEqualTo(24);
        });
        assertThat(report.delay().count()).isEqualTo(96);
        assertThat(report.delay().p50()).isPositive();
    }

    @Test
    void eventAcceptedButNeverPublishedIsReportedLostAndTheRunFails() throws Exception {
        LoadSummary load = load(new Scenario.Batch(1, 1), "lost");
        String phantom = UUID.randomUUID().toString();
        try (Connection db = pipeline.stack.openDatabase();
                PreparedStatement insert = db.prepareStatement("INSERT INTO business_event (event_id, event_type, event_name, primary_entity_id,"
                        + " created_date, saved_date, event) VALUES (?::uuid, 'CarCreated', 'Car Created', ?, now(), now(), ?::jsonb)")) {
            insert.setString(1, phantom);
            insert.setString(2, EventKind.CAR_CREATED.entityId(load.runId(), 99));
            insert.setString(3, new EventFactory(load.runId(), Clock.systemUTC()).create(EventKind.CAR_CREATED, 99).json());
            insert.executeUpdate();
        }

        VerificationReport report = verify(load.runId(), load.totalAccepted(), Duration.ofSeconds(20));

        assertThat(report.passed()).isFalse();
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.raw().lost()).isEqualTo(1);
        assertThat(report.raw().examples()).contains("lost " + phantom);
        assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("the load tool counted 4 accepted events, the producer's database holds 5"));
    }

    @Test
    void recordCopiedIntoAnotherConsumersTopicIsReportedMisroutedAndAlteredCopyAsAltered() throws Exception {
        LoadSummary load = load(new Scenario.Batch(2, 1), "misroute");
        VerificationReport clean = verify(load.runId(), load.totalAccepted(), Duration.ofMinutes(2));
        assertThat(clean.passed()).as(clean.toText()).isTrue();

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", pipeline.stack.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
                Connection db = pipeline.stack.openDatabase();
                PreparedStatement query = db.prepareStatement("SELECT event_id::text, event::text FROM business_event WHERE primary_entity_id = ?")) {
            query.setString(1, EventKind.CAR_CREATED.entityId(load.runId(), 1));
            var rows = query.executeQuery();
            assertThat(rows.next()).isTrue();
            String eventId = rows.getString(1);
            String event = rows.getString(2);
            ProducerRecord<String, byte[]> misrouted = new ProducerRecord<>("filtered-loan-created-events", "x", event.getBytes(StandardCharsets.UTF_8));
            misrouted.headers().add("eventId", eventId.getBytes(StandardCharsets.UTF_8)).add("eventType", "CarCreated".getBytes(StandardCharsets.UTF_8));
            ProducerRecord<String, byte[]> altered = new ProducerRecord<>("filtered-car-created-events", "x",
                    event.replace(load.runId() + "-CAR-1", load.runId() + "-CAR-X").getBytes(StandardCharsets.UTF_8));
            altered.headers().add("eventId", eventId.getBytes(StandardCharsets.UTF_8)).add("eventType", "CarCreated".getBytes(StandardCharsets.UTF_8));
            producer.send(misrouted).get();
            producer.send(altered).get();
        }

        VerificationReport report = verify(load.runId(), load.totalAccepted(), Duration.ofSeconds(20));

        assertThat(report.passed()).isFalse();
        assertThat(report.misrouted()).as(report.toText()).isEqualTo(1);
        assertThat(report.altered()).isEqualTo(1);
        assertThat(report.duplicated()).isEqualTo(1);
        assertThat(report.lost()).isZero();
    }

    /**
     * One trace from the POST to every handler: each receipt names the trace of its event's raw record, whose
     * traceparent producer-api wrote in the event's transaction, through Connect, the routing job and the SDK. By
     * default nothing is sampled (docs/OPERATIONS.md "Traces"), the trace ids travel all the same.
     */
    @Test
    void everyReceiptCarriesTheTraceIdOfItsEventsRawRecord() throws Exception {
        LoadSummary load = load(new Scenario.Batch(2, 1), "trace");
        VerificationReport report = verify(load.runId(), load.totalAccepted(), Duration.ofMinutes(2));
        assertThat(report.passed()).as(report.toText()).isTrue();

        Set<String> runEvents = new HashSet<>();
        try (Connection db = pipeline.stack.openDatabase();
                PreparedStatement query = db.prepareStatement("SELECT event_id::text FROM business_event WHERE primary_entity_id LIKE ?")) {
            query.setString(1, load.runId() + "-%");
            var rows = query.executeQuery();
            while (rows.next()) {
                runEvents.add(rows.getString(1));
            }
        }
        assertThat(runEvents).hasSize((int) load.totalAccepted());
        Map<String, String> rawTraceIds = new HashMap<>();
        for (ConsumerRecord<String, byte[]> raw : readAll("raw-business-events")) {
            String eventId = header(raw, RecordHeaders.EVENT_ID);
            if (runEvents.contains(eventId)) {
                String traceparent = header(raw, RecordHeaders.TRACEPARENT);
                assertThat(traceparent).as("traceparent of " + eventId).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
                rawTraceIds.put(eventId, traceparent.substring(3, 35));
            }
        }
        assertThat(rawTraceIds.keySet()).isEqualTo(runEvents);
        List<DeliveryReceipt> receipts = readAll(ConsumerApp.RECEIPTS_TOPIC).stream().map(r -> DeliveryReceipt.fromJson(r.value()))
                .filter(receipt -> runEvents.contains(receipt.eventId())).toList();
        assertThat(receipts).hasSizeGreaterThanOrEqualTo(runEvents.size())
                .allSatisfy(receipt -> assertThat(receipt.traceId()).as(receipt.consumerGroup() + " receipt of " + receipt.eventId())
                        .isEqualTo(rawTraceIds.get(receipt.eventId())));
    }

    /** Every record of a topic at the time of the call. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", pipeline.stack.kafkaBootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static LoadSummary load(Scenario scenario, String name) throws InterruptedException {
        return pipeline.load(scenario, name);
    }

    private static VerificationReport verify(String runId, long summaryAccepted, Duration timeout) throws Exception {
        return pipeline.verify(runId, summaryAccepted, timeout);
    }
}
