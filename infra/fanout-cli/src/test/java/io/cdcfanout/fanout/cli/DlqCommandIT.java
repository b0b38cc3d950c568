package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.fanout.pipeline.DeadLetters;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fanout dlq} on a real broker (only Kafka): dead letters shaped as the consumer SDK and the routing job
 * write them are listed, decoded and re-driven with key and original headers, exactly once across runs. These are
 * the commands of docs/OPERATIONS.md ("Dead letters"). Each test has its own topics.
 */
class DlqCommandIT {

    private static TestStack stack;

    @BeforeAll
    static void startKafka() throws Exception {
        stack = TestStack.start(List.of(Kafka.NAME), List.of());
    }

    @AfterAll
    static void stopKafka() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void listShowsEveryDeadLetterTopicWithItsCountAndOneLinePerDeadLetter() throws Exception {
        String topic = topics("list");
        String failing = UUID.randomUUID().toString();
        sdkDeadLetter(topic, "loan-1", failing, "handler-failed: java.lang.IllegalStateException: loan 1 unknown", 0, 7);
        sdkDeadLetter(topic, "loan-2", UUID.randomUUID().toString(), "decode-failed: not valid JSON", 1, 3);

        FanoutRun all = fanout("dlq", "list");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("DEAD-LETTER TOPIC", DeadLetters.ROUTING_DLQ);
        assertThat(line(all.out(), topic + "-dlq")).matches(".*-dlq\\s+2\\s+2");

        FanoutRun one = fanout("dlq", "list", topic + "-dlq");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(line(one.out(), failing)).contains("LoanCreated", "handler-failed: java.lang.IllegalStateException: loan 1 u...", topic + "/0/7", " no ");
        assertThat(one.out()).contains("decode-failed: not valid JSON", topic + "/1/3", "2 dead letter(s), 2 not re-driven");
    }

    @Test
    void showDecodesOneDeadLetterWithHeadersKeyAndPrettyJson() throws Exception {
        String topic = topics("show");
        String eventId = UUID.randomUUID().toString();
        sdkDeadLetter(topic, "loan-9", eventId, "handler-failed: boom", 0, 11);

        FanoutRun shown = fanout("dlq", "show", topic + "-dlq", "--offset", "0:0");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("key:       loan-9", "  eventId: " + eventId, "  dead-letter-reason: handler-failed: boom",
                "  dead-letter-offset: 11", "  \"eventHeader\" : {", "\"eventType\" : \"LoanCreated\"");

        FanoutRun byEvent = fanout("dlq", "show", topic + "-dlq", "--event-id", eventId);
        assertThat(byEvent.exitCode()).as(byEvent.err()).isZero();
        assertThat(byEvent.out()).contains("offset:    0");

        FanoutRun missing = fanout("dlq", "show", topic + "-dlq", "--offset", "0:5");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no dead letter at 0:5");
    }

    @Test
    void redriveByReasonWritesOnlyMatchingOnesWithKeyAndOriginalHeadersAndASecondRunAddsNothing() throws Exception {
        String topic = topics("reason");
        String fixed = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        sdkDeadLetter(topic, "loan-1", fixed, "handler-failed: java.sql.SQLException: table missing", 0, 1);
        sdkDeadLetter(topic, "loan-2", other, "decode-failed: not valid JSON", 0, 2);

        FanoutRun first = fanout("dlq", "redrive", topic + "-dlq", "--reason", "table missing");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Re-driven 1 dead letter(s) of " + topic + "-dlq to their original topic; skipped 0");

        List<ConsumerRecord<String, String>> redriven = readAll(topic);
        assertThat(redriven).hasSize(1);
        ConsumerRecord<String, String> record = redriven.getFirst();
        assertThat(record.key()).isEqualTo("loan-1");
        assertThat(record.value()).isEqualTo(event(fixed));
        assertThat(headers(record)).containsExactly(Map.entry("eventId", fixed), Map.entry("eventType", "LoanCreated"),
                Map.entry("routingRuleId", "loans"), Map.entry("routingRuleName", "Loan events"));

        FanoutRun again = fanout("dlq", "redrive", topic + "-dlq", "--reason", "table missing");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Re-driven 0 dead letter(s)", "skipped 1 re-driven before");
        assertThat(readAll(topic)).hasSize(1);

        FanoutRun list = fanout("dlq", "list", topic + "-dlq");
        assertThat(line(list.out(), fixed)).contains(" yes ");
        assertThat(line(list.out(), other)).contains(" no ");
        assertThat(list.out()).contains("2 dead letter(s), 1 not re-driven");
    }

    @Test
    void aRedriveStoppedMidWayAndRunAgainWritesEachDeadLetterOnce() throws Exception {
        String topic = topics("steps");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(UUID.randomUUID().toString());
            sdkDeadLetter(topic, "loan-" + i, ids.getLast(), "retries-exhausted: 3 attempts failed", 0, i);
        }

        FanoutRun partial = fanout("dlq", "redrive", topic + "-dlq", "--max", "2");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("Re-driven 2 dead letter(s)", "3 left for the next run");

        FanoutRun rest = fanout("dlq", "redrive", topic + "-dlq");
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("Re-driven 3 dead letter(s)", "skipped 2 re-driven before");

        // Back to the partition they came from (0, whatever their keys hash to), in their order, each once.
        assertThat(readAll(topic)).allSatisfy(r -> assertThat(r.partition()).isZero())
                .extracting(r -> headers(r).get("eventId")).containsExactlyElementsOf(ids);
    }

    /** A run killed inside its transaction (record and ledger entry sent, not committed): the next run aborts it and writes once. */
    @Test
    void aTransactionLeftOpenByAKilledRunIsAbortedAndTheNextRunWritesEachDeadLetterOnce() throws Exception {
        String topic = topics("killed");
        String eventId = UUID.randomUUID().toString();
        sdkDeadLetter(topic, "loan-1", eventId, "handler-failed: boom", 0, 0);
        String dlq = topic + "-dlq";
        try (Admin admin = stack.kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(dlq + DeadLetters.LEDGER_SUFFIX, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties props = producerProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, DeadLetters.TRANSACTIONAL_ID_PREFIX + dlq);
        KafkaProducer<String, String> killed = new KafkaProducer<>(props);
        killed.initTransactions();
        killed.beginTransaction();
        killed.send(new ProducerRecord<>(topic, null, "loan-1", event(eventId), new org.apache.kafka.common.header.internals.RecordHeaders().add("eventId", utf8(eventId))));
        killed.send(new ProducerRecord<>(dlq + DeadLetters.LEDGER_SUFFIX, "whatever:0:0", "{}"));
        killed.flush();
        // Not committed, not aborted, not closed: as a process killed at this point leaves it.

        FanoutRun redrive = fanout("dlq", "redrive", dlq);
        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("Re-driven 1 dead letter(s)");
        assertThat(readAll(topic)).extracting(r -> headers(r).get("eventId")).containsExactly(eventId);
        killed.close(Duration.ZERO);
    }

    @Test
    void routingJobDeadLettersGoToTheTopicOfToWithoutTheRoutingHeaders() throws Exception {
        String target = topics("routing");
        String eventId = UUID.randomUUID().toString();
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("eventId", utf8(eventId)).add("eventType", utf8("LoanCreated"))
                .add("routingError", utf8("event does not fit its Avro schema")).add("routingRuleId", utf8("loans"))
                .add("routingRuleName", utf8("Loan events")).add("sourcePartition", utf8("2")).add("sourceOffset", utf8("40"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            producer.send(new ProducerRecord<>(DeadLetters.ROUTING_DLQ, null, "loan-7", event(eventId), headers)).get();
        }

        FanoutRun list = fanout("dlq", "list", DeadLetters.ROUTING_DLQ);
        assertThat(line(list.out(), eventId)).contains("event does not fit its Avro schema", "loans", "raw-business-events/2/40");

        FanoutRun redrive = fanout("dlq", "redrive", DeadLetters.ROUTING_DLQ, "--event-id", eventId, "--to", target);
        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("Re-driven 1 dead letter(s) of " + DeadLetters.ROUTING_DLQ + " to " + target);
        List<ConsumerRecord<String, String>> redriven = readAll(target);
        assertThat(redriven).hasSize(1);
        assertThat(redriven.getFirst().key()).isEqualTo("loan-7");
        assertThat(headers(redriven.getFirst())).containsExactly(Map.entry("eventId", eventId), Map.entry("eventType", "LoanCreated"));
    }

    @Test
    void unknownTopicsAndMalformedOptionsAreRefused() throws Exception {
        String topic = topics("refused");
        sdkDeadLetter(topic, "loan-1", UUID.randomUUID().toString(), "handler-failed: boom", 0, 0);

        FanoutRun unknown = fanout("dlq", "redrive", "no-such-topic-dlq");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown dead-letter topic 'no-such-topic-dlq'", DeadLetters.ROUTING_DLQ);

        FanoutRun notDlq = fanout("dlq", "list", topic);
        assertThat(notDlq.exitCode()).isEqualTo(1);
        assertThat(notDlq.err()).contains("unknown dead-letter topic '" + topic + "'");

        FanoutRun noTarget = fanout("dlq", "redrive", topic + "-dlq", "--to", "no-such-topic");
        assertThat(noTarget.exitCode()).isEqualTo(1);
        assertThat(noTarget.err()).contains("topic no-such-topic does not exist: nothing re-driven");

        FanoutRun badSince = fanout("dlq", "redrive", topic + "-dlq", "--since", "yesterday");
        assertThat(badSince.exitCode()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since");
        assertThat(readAll(topic)).isEmpty();
    }

    /** docs/OPERATIONS.md ("Dead letters"), command for command, on the topics of infra/kafka/topics.json. */
    @Test
    void theRunbooksCommands(@TempDir Path dir) throws Exception {
        String topic = "filtered-loan-created-events";
        try (Admin admin = stack.kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic + "-dlq", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String missingTable = UUID.randomUUID().toString();
        String routed = UUID.randomUUID().toString();
        sdkDeadLetter(topic, "loan-1", missingTable, "handler-failed: java.sql.SQLException: relation loan does not exist", 0, 4);
        sdkDeadLetter(topic, "loan-2", UUID.randomUUID().toString(), "retries-exhausted: 3 attempts failed, last: timeout", 1, 9);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("eventId", utf8(routed)).add("eventType", utf8("LoanCreated")).add("routingError", utf8("event does not fit its Avro schema"))
                    .add("routingRuleId", utf8("loans")).add("sourcePartition", utf8("0")).add("sourceOffset", utf8("12"));
            producer.send(new ProducerRecord<>(DeadLetters.ROUTING_DLQ, null, "loan-3", event(routed), headers)).get();
        }
        Path target = dir.resolve("remote.properties");
        Files.writeString(target, "kafka.bootstrap.servers=" + stack.kafkaBootstrapServers() + "\n");

        assertThat(line(fanout("dlq", "list").out(), topic + "-dlq")).matches(".*-dlq\\s+2\\s+2");
        assertThat(line(fanout("dlq", "list", "--target", target.toString()).out(), topic + "-dlq")).matches(".*-dlq\\s+2\\s+2");
        assertThat(fanout("dlq", "list", topic + "-dlq").out()).contains(missingTable, "relation loan does...", topic + "/0/4");
        assertThat(fanout("dlq", "show", topic + "-dlq", "--offset", "0:0").out()).contains("eventId: " + missingTable, "\"eventHeader\" : {");
        assertThat(fanout("dlq", "show", topic + "-dlq", "--event-id", missingTable).out()).contains("offset:    0");

        FanoutRun reason = fanout("dlq", "redrive", topic + "-dlq", "--reason", "relation loan does not exist", "--since", "2026-01-01T00:00:00Z");
        assertThat(reason.out()).as(reason.err()).contains("Re-driven 1 dead letter(s)");
        FanoutRun steps = fanout("dlq", "redrive", topic + "-dlq", "--max", "100");
        assertThat(steps.out()).as(steps.err()).contains("Re-driven 1 dead letter(s)", "skipped 1 re-driven before");
        FanoutRun routing = fanout("dlq", "redrive", DeadLetters.ROUTING_DLQ, "--event-id", routed, "--to", topic);
        assertThat(routing.out()).as(routing.err()).contains("Re-driven 1 dead letter(s) of " + DeadLetters.ROUTING_DLQ + " to " + topic);
        assertThat(readAll(topic)).hasSize(3);
        assertThat(line(fanout("dlq", "list").out(), topic + "-dlq")).matches(".*-dlq\\s+2\\s+0");
    }

    /** A consumer's topic and its dead-letter topic, both new. */
    private static String topics(String name) throws Exception {
        String topic = "dlq-it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = stack.kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(topic + "-dlq", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    /** What the SDK writes: the record as read (routing headers included), with SmallRye's dead-letter headers. */
    private static void sdkDeadLetter(String topic, String key, String eventId, String reason, int partition, long offset) throws Exception {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("eventId", utf8(eventId)).add("eventType", utf8("LoanCreated"))
                .add("routingRuleId", utf8("loans")).add("routingRuleName", utf8("Loan events"))
                .add(RecordHeaders.DEAD_LETTER_REASON, utf8(reason)).add(RecordHeaders.DEAD_LETTER_CAUSE, utf8(reason.substring(reason.indexOf(':') + 2)))
                .add(RecordHeaders.DEAD_LETTER_CAUSE_CLASS, utf8("java.lang.IllegalStateException"))
                .add(RecordHeaders.DEAD_LETTER_EXCEPTION_CLASS, utf8("io.cdcfanout.sdk.consumer.internal.DeadLetterException")).add(RecordHeaders.DEAD_LETTER_TOPIC, utf8(topic))
                .add(RecordHeaders.DEAD_LETTER_PARTITION, utf8(Integer.toString(partition))).add(RecordHeaders.DEAD_LETTER_OFFSET, utf8(Long.toString(offset)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            producer.send(new ProducerRecord<>(topic + "-dlq", 0, key, event(eventId), headers)).get();
        }
    }

    private static String event(String eventId) {
        return "{\"eventHeader\":{\"uuid\":\"" + eventId + "\",\"eventType\":\"LoanCreated\"},\"entities\":[]}";
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String line(String out, String containing) {
        return out.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + out));
    }

    private static Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /** Every committed record of the topic, in offset order per partition, as the SDK reads them (read_committed). */
    private static List<ConsumerRecord<String, String>> readAll(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The high watermark, not the consumer's read_committed end: a transaction's commit marker reaches the
            // partition shortly after commitTransaction returns, and until then that end stops before the records.
            Map<TopicPartition, Long> ends = new HashMap<>();
            try (Admin admin = stack.kafkaAdmin()) {
                admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
                        new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(30, TimeUnit.SECONDS)
                        .forEach((partition, info) -> ends.put(partition, info.offset()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(java.util.Comparator.comparingInt(ConsumerRecord<String, String>::partition).thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    private static FanoutRun fanout(String... args) throws IOException, InterruptedException {
        return FanoutRun.of(stack, args);
    }
}
