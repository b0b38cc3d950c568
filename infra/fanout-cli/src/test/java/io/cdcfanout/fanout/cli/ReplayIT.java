package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fanout replay} as an operator runs it against a Kafka-only stack: records with create
 * timestamps before and after a cut time, a group that has read and committed all of them. The
 * commands are those of docs/OPERATIONS.md ("Replay a consumer").
 */
class ReplayIT {

    private static final Path REPO = TestStack.repoRoot();
    private static final int PARTITIONS = 3;
    private static final int BEFORE = 7;
    private static final int AFTER = 5;
    // Whole seconds, as an operator types it; the records are stamped 20 min before it and from it on, 5 s apart.
    private static final Instant CUT = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
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
    void dryRunPrintsCommittedTargetAndRecordsAgainPerPartitionAndChangesNothing(@TempDir Path dir) throws Exception {
        String topic = "replay-dry-" + UUID.randomUUID();
        String group = "replay-dry-" + UUID.randomUUID();
        Map<Integer, Integer> afterPerPartition = produceAndCommitAll(topic, group);
        Map<TopicPartition, Long> before = committed(group);

        FanoutRun dry = fanout("replay", "--group", group, "--to", CUT.toString());

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        for (int p = 0; p < PARTITIONS; p++) {
            long end = before.get(new TopicPartition(topic, p));
            long again = afterPerPartition.getOrDefault(p, 0);
            assertThat(dry.out()).containsPattern("(?m)^" + topic + "\\s+" + p + "\\s+" + end + "\\s+" + (end - again) + "\\s+" + again + "$");
        }
        assertThat(dry.out()).contains("Total: " + AFTER + " record(s) to handle again in " + PARTITIONS + " partition(s) of consumer group " + group,
                "Dry run: nothing changed. Add --execute");
        assertThat(committed(group)).isEqualTo(before);

        FanoutRun earliest = fanout("replay", "--group", group, "--topic", topic, "--to", "earliest");
        assertThat(earliest.exitCode()).as(earliest.err()).isZero();
        assertThat(earliest.out()).contains("Total: " + (BEFORE + AFTER) + " record(s) to handle again");
        assertThat(committed(group)).isEqualTo(before);

        // A remote deployment, described as for ./fanout status --target: here the same broker.
        Path remote = Files.writeString(dir.resolve("remote.properties"),
                "kafka.bootstrap.servers=${env:KAFKA_BOOTSTRAP_SERVERS}\n");
        FanoutRun targeted = fanout(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers()),
                "replay", "--target", remote.toString(), "--group", group, "--to", "-2h");
        assertThat(targeted.exitCode()).as(targeted.err()).isZero();
        assertThat(targeted.out()).contains("Total: " + (BEFORE + AFTER) + " record(s) to handle again");
        assertThat(committed(group)).isEqualTo(before);
        System.out.println("ReplayIT dry run:\n" + dry.out());
    }

    @Test
    void executeMovesTheOffsetsSoTheGroupReadsExactlyTheRecordsAtOrAfterTheCutAgain() throws Exception {
        String topic = "replay-execute-" + UUID.randomUUID();
        String group = "replay-execute-" + UUID.randomUUID();
        produceAndCommitAll(topic, group);

        FanoutRun execute = fanout("replay", "--group", group, "--to", CUT.toString(), "--execute");

        assertThat(execute.exitCode()).as(execute.err()).isZero();
        assertThat(execute.out()).contains("Total: " + AFTER + " record(s)", "Offsets of consumer group " + group + " moved. Start the consumer again",
                "handled_event", "idempotent by event id");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < AFTER; i++) {
            expected.add("after-" + i);
        }
        assertThat(readToEnd(topic, group)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void refusedWhileAConsumerOfTheGroupIsPollingAndNothingChanges() throws Exception {
        String topic = "replay-active-" + UUID.randomUUID();
        String group = "replay-active-" + UUID.randomUUID();
        produceAndCommitAll(topic, group);
        Map<TopicPartition, Long> before = committed(group);
        AtomicBoolean assigned = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = consumer(group, "replay-it-poller")) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    consumer.poll(Duration.ofMillis(200));
                    assigned.set(!consumer.assignment().isEmpty());
                }
            }
        }, "replay-it-poller");
        poller.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilTrue(assigned);

            FanoutRun refused = fanout("replay", "--group", group, "--to", CUT.toString(), "--execute");

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("consumer group " + group + " is active", "replay-it-poller on /", "nothing was changed",
                    "Stop every instance of the consumer first", "On the local stack: ./fanout down COMPONENT stops that consumer alone",
                    "./fanout up COMPONENT starts it again");
            assertThat(committed(group)).isEqualTo(before);
        } finally {
            stop.set(true);
            poller.join(30_000);
        }
    }

    @Test
    void unknownGroupOrTopicIsAnErrorAndABadOrFutureTimeIsAUsageError() throws Exception {
        FanoutRun unknown = fanout("replay", "--group", "no-such-group-" + UUID.randomUUID(), "--to", "-2h");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("is unknown");

        String topic = "replay-errors-" + UUID.randomUUID();
        String group = "replay-errors-" + UUID.randomUUID();
        produceAndCommitAll(topic, group);
        FanoutRun otherTopic = fanout("replay", "--group", group, "--topic", "filtered-nothing", "--to", "-2h");
        assertThat(otherTopic.exitCode()).isEqualTo(1);
        assertThat(otherTopic.err()).contains("has no committed offsets on topic filtered-nothing (it has: " + topic + ")");

        FanoutRun future = fanout("replay", "--group", group, "--to", Instant.now().plus(Duration.ofHours(1)).toString());
        assertThat(future.exitCode()).isEqualTo(2);
        assertThat(future.err()).contains("is in the future", "Usage:");

        FanoutRun local = fanout("replay", "--group", group, "--to", "2026-12-01T09:00:00");
        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.err()).contains("has no zone");

        FanoutRun garbage = fanout("replay", "--group", group, "--to", "yesterday");
        assertThat(garbage.exitCode()).isEqualTo(2);
        assertThat(garbage.err()).contains("is not earliest");
    }

    /** BEFORE records stamped before the cut and AFTER at or after it, round-robin over the partitions; the group reads and commits all. */
    private static Map<Integer, Integer> produceAndCommitAll(String topic, String group) throws Exception {
        try (Admin admin = stack.kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<Integer, Integer> afterPerPartition = new HashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < BEFORE; i++) {
                long timestamp = CUT.minus(Duration.ofMinutes(20)).plusSeconds(i).toEpochMilli();
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, timestamp, "key-" + i, "before-" + i)).get(30, TimeUnit.SECONDS);
            }
            // The first "after" record is stamped exactly at the cut: at or after is included.
            for (int i = 0; i < AFTER; i++) {
                long timestamp = CUT.plusSeconds(5L * i).toEpochMilli();
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, timestamp, "key-" + i, "after-" + i)).get(30, TimeUnit.SECONDS);
                afterPerPartition.merge(i % PARTITIONS, 1, Integer::sum);
            }
        }
        assertThat(readToEnd(topic, group)).hasSize(BEFORE + AFTER);
        return afterPerPartition;
    }

    /** What a consumer of the group reads from its committed offsets to the end of every partition; commits and leaves. */
    private static List<String> readToEnd(String topic, String group) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(group, "replay-it-reader")) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                Set<TopicPartition> assignment = consumer.assignment();
                if (assignment.size() < PARTITIONS) {
                    return false;
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(assignment);
                return assignment.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
            consumer.commitSync();
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(String group, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = stack.kafkaAdmin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static FanoutRun fanout(String... args) throws IOException, InterruptedException {
        return FanoutRun.of(stack, args);
    }

    private static FanoutRun fanout(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return FanoutRun.of(stack.context().options().stateDir(), environment, args);
    }
}
