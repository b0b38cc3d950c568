package io.cdcfanout.sdk.consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.sdk.testkit.CdcFanoutTestResource;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CdcFanoutTestResource.class, initArgs = {
    @ResourceArg(name = "registry", value = "true"),
    @ResourceArg(name = "topics", value = ConsumerSdkTest.DEAD_LETTERS + "," + ConsumerSdkTest.RECEIPTS)})
class ConsumerSdkTest {

    static final String DEAD_LETTERS = "sdk-dead-letters";
    static final String RECEIPTS = "sdk-receipts";
    static final String GROUP = "sdk-test";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The pipeline's record limit, {@code recordMaxBytes} in infra/kafka/topics.json. */
    static final int RECORD_LIMIT = 1048576;

    @InjectCdcTestKit
    CdcTestKit kit;

    @Inject
    RecordingHandler handler;

    @Inject
    MeterRegistry meters;

    @Inject
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans;

    @Test
    void everyEventTypeInPlainJsonReachesItsHandlerMethodAsTypedEvent() {
        String topic = kit.freshTopic("sdk-test-json");
        List<SpecificRecord> events = List.of(
                SampleEvents.carCreated("CAR-1"),
                SampleEvents.loanCreated("LOAN-1"),
                SampleEvents.loanPaymentSubmitted("PAY-1", "LOAN-1", "932.16"),
                SampleEvents.carServiceDone("SRV-1", "CAR-1", "DEALER-001", "350.00"));

        events.forEach(event -> kit.publish(topic, event, WireFormat.JSON));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handler.events(topic)).isEqualTo(events));
        RecordingHandler.Call first = handler.calls(topic).get(0);
        assertThat(first.context().format()).isEqualTo(WireFormat.JSON);
        assertThat(first.context().key()).isEqualTo("CAR-1");
        assertThat(first.context().attempt()).isEqualTo(1);
        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 4);
        assertThat(counter(MetricNames.SUCCEEDED, topic)).isEqualTo(4);
    }

    @Test
    void registryFramedJsonAndAvroDecodeToTheSameTypedEventsAsJson() {
        String topic = kit.freshTopic("sdk-test-formats");
        LoanCreated json = SampleEvents.loanCreated("LOAN-F1");
        LoanCreated framedJson = SampleEvents.loanCreated("LOAN-F2");
        LoanCreated avro = SampleEvents.loanCreated("LOAN-F3");

        kit.publish(topic, json, WireFormat.JSON);
        kit.publish(topic, framedJson, WireFormat.REGISTRY_JSON);
        kit.publish(topic, avro, WireFormat.AVRO);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handler.events(topic)).containsExactly(json, framedJson, avro));
        assertThat(handler.calls(topic).stream().map(call -> call.context().format()))
                .containsExactly(WireFormat.JSON, WireFormat.REGISTRY_JSON, WireFormat.AVRO);
    }

    @Test
    void poisonRecordsAreDeadLetteredWithReasonAndPositionAndTheNextRecordIsProcessed() {
        String topic = kit.freshTopic("sdk-test-poison");
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        CarCreated car = SampleEvents.carCreated("CAR-P1");
        ObjectNode missingVin = EventJson.toTree(car);
        ((ObjectNode) missingVin.get("entities").get(0)).remove("vin");
        CarCreated next = SampleEvents.carCreated("CAR-P2");

        kit.publishRaw(topic, "CAR-P0", garbage, Map.of("eventType", "CarCreated"));
        kit.publishRaw(topic, "CAR-P1", missingVin.toString().getBytes(StandardCharsets.UTF_8), CdcTestKit.headers(car));
        kit.publish(topic, next, WireFormat.JSON);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handler.events(topic)).containsExactly(next));
        List<ConsumerRecord<String, byte[]>> deadLetters = deadLettersOf(topic, 2);
        ConsumerRecord<String, byte[]> first = deadLetters.get(0);
        assertThat(CdcTestKit.header(first, "dead-letter-reason")).startsWith("decode-failed: not valid JSON");
        assertThat(CdcTestKit.header(first, "dead-letter-partition")).isEqualTo("0");
        assertThat(CdcTestKit.header(first, "dead-letter-offset")).isEqualTo("0");
        assertThat(first.key()).isEqualTo("CAR-P0");
        assertThat(first.value()).isEqualTo(garbage);
        ConsumerRecord<String, byte[]> second = deadLetters.get(1);
        assertThat(CdcTestKit.header(second, "dead-letter-reason")).isEqualTo("decode-failed: $.entities[0].vin is required but missing");
        assertThat(CdcTestKit.header(second, "dead-letter-offset")).isEqualTo("1");
        assertThat(CdcTestKit.header(second, "eventId")).as("original headers kept").isEqualTo(CdcTestKit.headers(car).get("eventId"));
        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 3);
        assertThat(counter(MetricNames.DEAD_LETTERED, topic)).isEqualTo(2);
    }

    @Test
    void retryableFailureIsRetriedWithBackoffThenSucceeds() {
        String topic = kit.freshTopic("sdk-test-retry");
        CarCreated car = SampleEvents.carCreated("CAR-R1");
        handler.failNext(car.getEventHeader().getUuid(), new RetryableException("downstream busy"), new RetryableException("downstream busy"));

        kit.publish(topic, car, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 1);
        assertThat(handler.calls(topic).stream().map(call -> call.context().attempt())).containsExactly(1, 2, 3);
        assertThat(counter(MetricNames.RETRIED, topic)).isEqualTo(2);
        assertThat(counter(MetricNames.SUCCEEDED, topic)).isEqualTo(1);
    }

    @Test
    void retryableFailureThatPersistsIsDeadLetteredAfterMaxAttemptsAndTheConsumerGoesOn() {
        String topic = kit.freshTopic("sdk-test-exhausted");
        CarCreated failing = SampleEvents.carCreated("CAR-X1");
        CarCreated next = SampleEvents.carCreated("CAR-X2");
        handler.failNext(failing.getEventHeader().getUuid(), new RetryableException("a"), new RetryableException("b"), new RetryableException("c"));

        kit.publish(topic, failing, WireFormat.JSON);
        kit.publish(topic, next, WireFormat.JSON);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handler.events(topic)).containsExactly(failing, failing, failing, next));
        ConsumerRecord<String, byte[]> deadLetter = deadLettersOf(topic, 1).get(0);
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-reason")).isEqualTo("retries-exhausted: 3 attempts failed, last: c");
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-cause-class-name")).isEqualTo(RetryableException.class.getName());
        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 2);
    }

    @Test
    void nonRetryableHandlerFailureIsDeadLetteredAtOnce() {
        String topic = kit.freshTopic("sdk-test-failure");
        CarCreated car = SampleEvents.carCreated("CAR-H1");
        handler.failNext(car.getEventHeader().getUuid(), new IllegalStateException("car CAR-H1 has no owner record"));

        kit.publish(topic, car, WireFormat.JSON);

        ConsumerRecord<String, byte[]> deadLetter = deadLettersOf(topic, 1).get(0);
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-reason"))
                .isEqualTo("handler-failed: java.lang.IllegalStateException: car CAR-H1 has no owner record");
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-topic")).isEqualTo(topic);
        assertThat(handler.calls(topic)).hasSize(1);
        // ./fanout dlq removes exactly these when it re-drives (DeadLetterHeaderNamesTest): nothing else is added.
        Set<String> added = new HashSet<>();
        deadLetter.headers().forEach(header -> added.add(header.key()));
        added.removeAll(CdcTestKit.headers(car).keySet());
        assertThat(added).isEqualTo(RecordHeaders.SDK_DEAD_LETTER);
    }

    @Test
    void nearLimitRecordWhoseHandlerFailsWithAHugeMessageIsDeadLetteredWholeWithBoundedHeaders() {
        String topic = kit.freshTopic("sdk-test-near-limit");
        CarCreated car = SampleEvents.carCreated("CAR-L1");
        CarCreated next = SampleEvents.carCreated("CAR-L2");
        // The original value is the record limit minus the 16 KiB a dead letter may add, minus 1 KiB for its key, its
        // headers and Kafka's record overhead: the largest record the SDK promises to dead-letter.
        byte[] value = padded(car, RECORD_LIMIT - 16 * 1024 - 1024);
        // 2 bytes per character in UTF-8: about 1.2 MB in the exception's message, the dead-letter reason and cause.
        String hugeMessage = "é".repeat(600_000);
        handler.failNext(car.getEventHeader().getUuid(), new IllegalStateException(hugeMessage));

        kit.publishRaw(topic, "CAR-L1", value, CdcTestKit.headers(car));
        kit.publish(topic, next, WireFormat.JSON);

        ConsumerRecord<String, byte[]> deadLetter = deadLettersOf(topic, 1).get(0);
        assertThat(deadLetter.value()).isEqualTo(value);
        for (String header : List.of("dead-letter-reason", "dead-letter-cause")) {
            String text = CdcTestKit.header(deadLetter, header);
            assertThat(text.getBytes(StandardCharsets.UTF_8)).as(header).hasSizeLessThanOrEqualTo(4096);
            assertThat(text).as(header).endsWith("...[truncated]").contains("éééé");
        }
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-reason")).startsWith("handler-failed: java.lang.IllegalStateException: é");
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-cause-class-name")).isEqualTo(IllegalStateException.class.getName());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handler.events(topic)).hasSize(2).last().isEqualTo(next));
        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 2);
    }

    @Test
    void recordsOfAnAbortedTransactionNeverReachTheHandler() {
        String topic = kit.freshTopic("sdk-test-transactions");
        CarCreated aborted = SampleEvents.carCreated("CAR-T1");
        CarCreated committed = SampleEvents.carCreated("CAR-T2");
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sdk-test-" + UUID.randomUUID());

        // As the routing job writes a filtered topic when it runs exactly-once.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(transactional(topic, aborted));
            // In the log before the abort: a read_uncommitted consumer would get it.
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(transactional(topic, committed));
            producer.commitTransaction();
        }

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handler.events(topic)).containsExactly(committed));
        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) >= 3);
        assertThat(handler.events(topic)).containsExactly(committed);
        assertThat(kit.deadLetters(DEAD_LETTERS, topic)).isEmpty();
    }

    private ProducerRecord<String, byte[]> transactional(String topic, CarCreated event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "key", EventJson.write(event));
        CdcTestKit.headers(event).forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** The event's JSON with an extra field (ignored by the decoder) that makes it exactly {@code bytes} long. */
    private static byte[] padded(CarCreated event, int bytes) {
        ObjectNode tree = EventJson.toTree(event);
        tree.put("pad", "");
        int unpadded = tree.toString().getBytes(StandardCharsets.UTF_8).length;
        tree.put("pad", "x".repeat(bytes - unpadded));
        byte[] value = tree.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(value).hasSize(bytes);
        return value;
    }

    @Test
    void everyHandledEventGetsOneReceiptWithItsPositionTheSucceedingAttemptAndTheDigestOfWhatTheHandlerReceived() {
        String topic = kit.freshTopic("sdk-test-receipts");
        CarCreated car = SampleEvents.carCreated("CAR-RC1");
        LoanCreated loan = SampleEvents.loanCreated("LOAN-RC1");
        CarCreated poison = SampleEvents.carCreated("CAR-RC2");
        handler.failNext(car.getEventHeader().getUuid(), new RetryableException("downstream busy"));
        handler.failNext(poison.getEventHeader().getUuid(), new IllegalStateException("no owner"));

        kit.publish(topic, car, WireFormat.JSON);
        kit.publish(topic, loan, WireFormat.AVRO);
        kit.publish(topic, poison, WireFormat.JSON);
        kit.publish(topic, car, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 4);
        List<DeliveryReceipt> receipts = kit.companion().consume(String.class, byte[].class)
                .fromTopics(RECEIPTS, records -> records.filter(r -> DeliveryReceipt.fromJson(r.value()).topic().equals(topic)))
                .awaitRecords(2, TIMEOUT).getRecords().stream()
                .map(r -> DeliveryReceipt.fromJson(r.value())).toList();
        assertThat(receipts).extracting(DeliveryReceipt::eventId, DeliveryReceipt::offset, DeliveryReceipt::attempt, DeliveryReceipt::eventDigest)
                .containsExactly(
                        tuple(car.getEventHeader().getUuid(), 0L, 2, DeliveryReceipt.digest(car)),
                        tuple(loan.getEventHeader().getUuid(), 1L, 1, DeliveryReceipt.digest(loan)));
        assertThat(receipts).allSatisfy(receipt -> assertThat(receipt.consumerGroup()).isEqualTo(GROUP));
    }

    /**
     * The last hop of an event's trace: a record with a {@code traceparent} header (as the routing job passes on the
     * producer's) is handled inside a span of that trace, on the lane thread, and its receipt names the trace.
     */
    @Test
    void handlerRunsInTheTraceOfTheRecordsTraceparentAndTheReceiptCarriesItsTraceId() {
        String topic = kit.freshTopic("sdk-test-trace");
        CarCreated car = SampleEvents.carCreated("CAR-TR1");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String producerSpanId = "00f067aa0ba902b7";
        Map<String, String> headers = new java.util.HashMap<>(CdcTestKit.headers(car));
        headers.put(RecordHeaders.TRACEPARENT, "00-" + traceId + "-" + producerSpanId + "-01");

        kit.publishRaw(topic, "CAR-TR1", kit.encode(topic, car, WireFormat.JSON), headers);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 1);
        assertThat(handler.calls(topic)).singleElement().extracting(RecordingHandler.Call::traceId).isEqualTo(traceId);
        io.opentelemetry.sdk.trace.data.SpanData handled = await().atMost(TIMEOUT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("handle CarCreated") && span.getTraceId().equals(traceId)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(handled.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("cdcfanout.event.id")))
                .isEqualTo(car.getEventHeader().getUuid());
        assertThat(handled.getParentSpanId()).isEqualTo(producerSpanId);
        assertThat(handled.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CONSUMER);
        DeliveryReceipt receipt = kit.companion().consume(String.class, byte[].class)
                .fromTopics(RECEIPTS, records -> records.filter(r -> DeliveryReceipt.fromJson(r.value()).topic().equals(topic)))
                .awaitRecords(1, TIMEOUT).getRecords().stream().map(r -> DeliveryReceipt.fromJson(r.value())).findFirst().orElseThrow();
        assertThat(receipt.traceId()).isEqualTo(traceId);
    }

    @Test
    void duplicateEventIdIsSkippedAndCounted() {
        String topic = kit.freshTopic("sdk-test-dedupe");
        CarCreated car = SampleEvents.carCreated("CAR-D1");
        CarCreated other = SampleEvents.carCreated("CAR-D2");

        kit.publish(topic, car, WireFormat.JSON);
        kit.publish(topic, car, WireFormat.AVRO);
        kit.publish(topic, other, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 3);
        assertThat(handler.events(topic)).containsExactly(car, other);
        assertThat(counter(MetricNames.DUPLICATES_SKIPPED, topic)).isEqualTo(1);
    }

    @Test
    void eventTypeHeaderThatDisagreesWithThePayloadIsDeadLettered() {
        String topic = kit.freshTopic("sdk-test-mismatch");
        CarCreated car = SampleEvents.carCreated("CAR-M1");

        kit.publishRaw(topic, "CAR-M1", EventJson.write(car), Map.of("eventId", UUID.randomUUID().toString(), "eventType", "LoanCreated"));

        ConsumerRecord<String, byte[]> deadLetter = deadLettersOf(topic, 1).get(0);
        assertThat(CdcTestKit.header(deadLetter, "dead-letter-reason")).startsWith("decode-failed: $.entities[0].");
        assertThat(handler.calls(topic)).isEmpty();
    }

    @Test
    void readinessReportsAssignedPartitionsAndLivenessTheHandler() {
        kit.freshTopic("sdk-test-health");

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("cdcfanout-consumer")));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("cdcfanout-consumer-handler"));
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersOf(String topic, int count) {
        return kit.awaitDeadLetters(DEAD_LETTERS, topic, count);
    }

    private double counter(String name, String topic) {
        return meters.find(name).tag(MetricNames.TAG_TOPIC, topic).counters().stream().mapToDouble(Counter::count).sum();
    }
}
