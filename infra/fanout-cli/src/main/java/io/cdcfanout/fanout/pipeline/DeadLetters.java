package io.cdcfanout.fanout.pipeline;

import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter topics: the routing job's {@value #ROUTING_DLQ} and each consumer's {@code <topic>-dlq}
 * (the SDK's default), their records, and their exactly-once re-drive to the original topic.
 *
 * <p>Re-driven dead letters are recorded in a ledger topic {@code <dlq topic>}{@value #LEDGER_SUFFIX} (compacted,
 * key {@code <topic id>:<partition>:<offset>}), written in the same Kafka transaction as the re-driven records, under
 * one transactional id per dead-letter topic. Why a ledger and not the committed offsets of a consumer group: a
 * re-drive selects records (by reason, time, event id), so the re-driven ones are not a prefix of the partition, and
 * one position per partition cannot say which were re-driven. Why a transaction: a run killed mid-way leaves either
 * both the record and its ledger entry or neither (the next run's {@code initTransactions} aborts what it left open,
 * and fences it if it still runs), so a record is never re-driven twice and never marked without being re-driven.
 * Readers of the target topics must read {@code read_committed}, as the SDK and the routing job do.
 */
public final class DeadLetters {

    /** The routing job's dead-letter topic. */
    public static final String ROUTING_DLQ = GeneratorOptions.DLQ_TOPIC;
    /** How every dead-letter topic's name ends (the SDK's default {@code <topic>-dlq}, and {@value #ROUTING_DLQ}). */
    public static final String DLQ_SUFFIX = "-dlq";
    /** The ledger of re-driven dead letters of topic T is T + this. */
    public static final String LEDGER_SUFFIX = "-redriven";
    /** Transactional id of the re-drive of topic T: this + T. */
    public static final String TRANSACTIONAL_ID_PREFIX = "fanout-dlq-redrive-";

    private static final int TRANSACTION_SIZE = 100;

    /** A dead-letter topic with how many dead letters it holds and how many of them are not re-driven yet. */
    public record TopicSummary(String topic, long deadLetters, long notRedriven) {}

    /** One dead letter as read from its topic. */
    public record DeadLetter(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value, Headers headers) {

        public String eventId() {
            return header(RecordHeaders.EVENT_ID);
        }

        public String eventType() {
            return header(RecordHeaders.EVENT_TYPE);
        }

        public String reason() {
            return header(routing() ? RecordHeaders.ROUTING_ERROR : RecordHeaders.DEAD_LETTER_REASON);
        }

        /** The failure behind the reason (SDK only); for the routing job's dead letters, the rule, if any. */
        public String cause() {
            return routing() ? header(RecordHeaders.ROUTING_RULE_ID) : header(RecordHeaders.DEAD_LETTER_CAUSE);
        }

        /** The topic the record was read from when it failed, or null if its headers do not say. */
        public String originTopic() {
            return routing() ? GeneratorOptions.SOURCE_TOPIC : header(RecordHeaders.DEAD_LETTER_TOPIC);
        }

        public String originPartition() {
            return header(routing() ? RecordHeaders.SOURCE_PARTITION : RecordHeaders.DEAD_LETTER_PARTITION);
        }

        public String originOffset() {
            return header(routing() ? RecordHeaders.SOURCE_OFFSET : RecordHeaders.DEAD_LETTER_OFFSET);
        }

        /** {@code topic/partition/offset} of the original record. */
        public String origin() {
            return originTopic() + "/" + originPartition() + "/" + originOffset();
        }

        /** The headers the record had before it was dead-lettered: the dead-letter headers removed, order kept. */
        public Headers originalHeaders() {
            Set<String> added = routing() ? RecordHeaders.ROUTING_DEAD_LETTER : RecordHeaders.SDK_DEAD_LETTER;
            org.apache.kafka.common.header.internals.RecordHeaders original = new org.apache.kafka.common.header.internals.RecordHeaders();
            for (Header header : headers) {
                if (!added.contains(header.key())) {
                    original.add(header.key(), header.value());
                }
            }
            return original;
        }

        public String header(String name) {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }

        private boolean routing() {
            return ROUTING_DLQ.equals(topic);
        }
    }

    /** What a re-drive did. */
    public record RedriveResult(int redriven, int skipped, int remaining) {}

    /** A dead-letter topic or a re-drive that must not be used, with the reason. */
    public static final class DeadLetterException extends Exception {
        public DeadLetterException(String message) {
            super(message);
        }
    }

    private final Admin admin;
    private final Map<String, Object> kafka;

    public DeadLetters(Admin admin, Map<String, Object> kafka) {
        this.admin = admin;
        this.kafka = kafka;
    }

    /** Every dead-letter topic of the cluster, by name. */
    public List<String> topics() throws InterruptedException, ExecutionException, TimeoutException {
        return new ArrayList<>(new TreeSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                .filter(name -> name.endsWith(DLQ_SUFFIX)).toList()));
    }

    /** Every dead-letter topic with its counts. */
    public List<TopicSummary> summaries() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicSummary> summaries = new ArrayList<>();
        for (String topic : topics()) {
            List<DeadLetter> records = read(topic);
            Set<String> done = redriven(topic);
            String topicId = topicId(topic);
            long notRedriven = records.stream().filter(r -> !done.contains(ledgerKey(topicId, r))).count();
            summaries.add(new TopicSummary(topic, records.size(), notRedriven));
        }
        return summaries;
    }

    /** The dead letters of a dead-letter topic, oldest first per partition; refuses a topic that is not one. */
    public List<DeadLetter> deadLetters(String topic) throws DeadLetterException, InterruptedException, ExecutionException, TimeoutException {
        requireDeadLetterTopic(topic);
        return read(topic);
    }

    /** Whether this dead letter was re-driven already. */
    public Predicate<DeadLetter> redrivenFilter(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> done = redriven(topic);
        String topicId = topicId(topic);
        return record -> done.contains(ledgerKey(topicId, record));
    }

    /**
     * Writes each selected dead letter not re-driven yet to {@code to}, or else to its original topic: same key and
     * value, the original headers. At most {@code max} records (for a run in steps).
     */
    public RedriveResult redrive(String topic, Predicate<DeadLetter> selected, String to, int max)
            throws DeadLetterException, InterruptedException, ExecutionException, TimeoutException {
        requireDeadLetterTopic(topic);
        String ledger = topic + LEDGER_SUFFIX;
        try {
            NewTopic newLedger = new NewTopic(ledger, Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact"));
            admin.createTopics(List.of(newLedger)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = TopicReader.transactionalProducer(kafka, TRANSACTIONAL_ID_PREFIX + topic)) {
            // First: aborts what an interrupted run left open and fences it, so the ledger read next is complete.
            producer.initTransactions();
            Predicate<DeadLetter> done = redrivenFilter(topic);
            String topicId = topicId(topic);
            List<DeadLetter> todo = new ArrayList<>();
            int skipped = 0;
            for (DeadLetter record : read(topic)) {
                if (!selected.test(record)) {
                    continue;
                }
                if (done.test(record)) {
                    skipped++;
                } else {
                    todo.add(record);
                }
            }
            List<DeadLetter> now = todo.subList(0, Math.min(max, todo.size()));
            Set<String> targets = new HashSet<>();
            for (DeadLetter record : now) {
                String target = to != null ? to : record.originTopic();
                if (target == null) {
                    throw new DeadLetterException("dead letter " + record.partition() + ":" + record.offset() + " of " + topic
                            + " has no " + RecordHeaders.DEAD_LETTER_TOPIC + " header; name the topic to re-drive it to with --to");
                }
                targets.add(target);
            }
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String target : targets) {
                if (!existing.contains(target)) {
                    throw new DeadLetterException("topic " + target + " does not exist: nothing re-driven");
                }
            }
            Map<String, Integer> partitionCounts = new HashMap<>();
            admin.describeTopics(targets).allTopicNames().get(10, TimeUnit.SECONDS)
                    .forEach((name, description) -> partitionCounts.put(name, description.partitions().size()));
            for (int from = 0; from < now.size(); from += TRANSACTION_SIZE) {
                producer.beginTransaction();
                for (DeadLetter record : now.subList(from, Math.min(now.size(), from + TRANSACTION_SIZE))) {
                    String target = to != null ? to : record.originTopic();
                    Integer partition = originalPartition(record, target, partitionCounts.get(target));
                    producer.send(new ProducerRecord<>(target, partition, record.key(), record.value(), record.originalHeaders()));
                    String entry = "{\"to\":\"" + target + "\",\"at\":\"" + Instant.now() + "\"}";
                    producer.send(new ProducerRecord<>(ledger, ledgerKey(topicId, record).getBytes(StandardCharsets.UTF_8),
                            entry.getBytes(StandardCharsets.UTF_8)));
                }
                producer.commitTransaction();
            }
            return new RedriveResult(now.size(), skipped, todo.size() - now.size());
        }
    }

    /**
     * The partition the record came from, when it goes back to its own topic and that partition still exists: whoever
     * wrote the original (Debezium, the routing job, another producer) may not have partitioned by Kafka's key hash, and
     * the key's other records are in that partition. Otherwise null: the producer partitions by key.
     */
    private static Integer originalPartition(DeadLetter record, String target, int partitions) {
        if (!target.equals(record.originTopic()) || record.originPartition() == null) {
            return null;
        }
        try {
            int partition = Integer.parseInt(record.originPartition());
            return partition >= 0 && partition < partitions ? partition : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Refuses a topic that is not an existing dead-letter topic. */
    public void requireDeadLetterTopic(String topic) throws DeadLetterException, InterruptedException, ExecutionException, TimeoutException {
        List<String> topics = topics();
        if (!topics.contains(topic)) {
            throw new DeadLetterException("unknown dead-letter topic '" + topic + "'; dead-letter topics: "
                    + (topics.isEmpty() ? "none" : String.join(", ", topics)) + " (./fanout dlq list)");
        }
    }

    private String topicId(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).topicId().toString();
    }

    private static String ledgerKey(String topicId, DeadLetter record) {
        // The topic id: a dead-letter topic deleted and created again starts at offset 0 with other records.
        return topicId + ":" + record.partition() + ":" + record.offset();
    }

    private Set<String> redriven(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        String ledger = topic + LEDGER_SUFFIX;
        Set<String> keys = new HashSet<>();
        if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(ledger)) {
            TopicReader.readAll(admin, kafka, ledger, record -> keys.add(new String(record.key(), StandardCharsets.UTF_8)));
        }
        return keys;
    }

    private List<DeadLetter> read(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        List<DeadLetter> records = new ArrayList<>();
        TopicReader.readAll(admin, kafka, topic, r -> records.add(new DeadLetter(topic, r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                r.key(), r.value(), r.headers())));
        records.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
        return records;
    }
}
