package io.cdcfanout.fanout.pipeline;

import io.cdcfanout.events.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records that Connect's ParkOversizedRecords transform parked on {@value #TOPIC} because they were
 * too large to publish. A parked record is "unhandled" until an operator acknowledges it (after
 * re-driving or settling it): acknowledging moves the committed offsets of the consumer group
 * {@value #HANDLED_GROUP} to the end of the topic, so nothing is deleted and the history stays.
 */
public final class ParkedRecords {

    public static final String TOPIC = "raw-business-events-parked";
    public static final String HANDLED_GROUP = "cdc-fanout-parked-handled";
    /** What a runbook reader types to see and settle them. */
    public static final String HOW_TO = "./fanout parked lists them; docs/OPERATIONS.md (\"Parked records\") says how to re-drive them";

    /** Parked records not yet acknowledged, and the newest one's event id (null if none). */
    public record Summary(long total, long unhandled, String newestEventId) {}

    /** One parked record as listed. */
    public record Entry(int partition, long offset, String eventId, String eventType, String recordBytes, String reason) {}

    private ParkedRecords() {
    }

    /** The summary, or null when the parked topic does not exist (no stack has parked anything). */
    public static Summary summary(Admin admin, Map<String, Object> kafka) throws InterruptedException, ExecutionException, TimeoutException {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
            return null;
        }
        Range range = range(admin);
        List<Entry> newest = range.unhandled() == 0 ? List.of() : read(kafka, range.ends(), range.lastOnly());
        return new Summary(range.total(), range.unhandled(), newest.isEmpty() ? null : newest.getLast().eventId());
    }

    /** Every parked record not yet acknowledged, oldest first per partition. */
    public static List<Entry> unhandled(Admin admin, Map<String, Object> kafka) throws InterruptedException, ExecutionException, TimeoutException {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
            return List.of();
        }
        Range range = range(admin);
        return range.unhandled() == 0 ? List.of() : read(kafka, range.ends(), range.from());
    }

    /** Marks every record parked so far as handled; returns how many were unhandled. */
    public static long acknowledge(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
            return 0;
        }
        Range range = range(admin);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        range.ends().forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end)));
        admin.alterConsumerGroupOffsets(HANDLED_GROUP, offsets).all().get(10, TimeUnit.SECONDS);
        return range.unhandled();
    }

    /**
     * Writes the outbox record of a stored event again (insert and delete in one transaction, as the
     * producer API does), so Debezium captures it once more. Refused when the event does not exist
     * or is still larger than {@code maxEventBytes}: it would only be parked again.
     *
     * @return the id of the new outbox row
     */
    public static UUID redrive(String jdbcUrl, String user, String password, UUID eventId, long maxEventBytes) throws SQLException, RedriveException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setAutoCommit(false);
            long bytes;
            try (PreparedStatement select = db.prepareStatement("SELECT octet_length(event::text) FROM business_event WHERE event_id = ?")) {
                select.setObject(1, eventId);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new RedriveException("no event " + eventId + " in business_event: only events the producer API accepted can be re-driven");
                    }
                    bytes = rs.getLong(1);
                }
            }
            if (bytes > maxEventBytes) {
                throw new RedriveException("event " + eventId + " is still " + bytes + " bytes as stored, more than the " + maxEventBytes
                        + " that fit a record; it would be parked again. Fix the cause first (docs/OPERATIONS.md, \"Parked records\")");
            }
            UUID outboxId = UUID.randomUUID();
            // The columns the producer API writes (EventRows): aggregatetype is the primary entity's type.
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO outboxevent (id, aggregatetype, aggregateid, type, timestamp, payload, eventid)
                    SELECT ?, coalesce(event #>> '{entities,0,entityHeader,entityType}', ''), primary_entity_id, event_type, now(), event, event_id
                    FROM business_event WHERE event_id = ?""");
                    PreparedStatement delete = db.prepareStatement("DELETE FROM outboxevent WHERE id = ?")) {
                insert.setObject(1, outboxId);
                insert.setObject(2, eventId);
                insert.executeUpdate();
                delete.setObject(1, outboxId);
                delete.executeUpdate();
            }
            db.commit();
            return outboxId;
        }
    }

    /** A re-drive that must not happen, with the reason. */
    public static final class RedriveException extends Exception {
        public RedriveException(String message) {
            super(message);
        }
    }

    private record Range(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends, long total, long unhandled) {
        /** Where to read just the newest record of each partition that has unhandled ones. */
        Map<TopicPartition, Long> lastOnly() {
            Map<TopicPartition, Long> last = new HashMap<>();
            from.forEach((partition, start) -> {
                if (ends.get(partition) > start) {
                    last.put(partition, ends.get(partition) - 1);
                }
            });
            return last;
        }
    }

    private static Range range(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC).partitions()
                .forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(p -> {
            latest.put(p, OffsetSpec.latest());
            earliest.put(p, OffsetSpec.earliest());
        });
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
        Map<TopicPartition, Long> starts = new HashMap<>();
        admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> starts.put(p, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> handled = admin.listConsumerGroupOffsets(HANDLED_GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> from = new HashMap<>();
        long total = 0;
        long unhandled = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata done = handled.get(p);
            long start = Math.max(starts.get(p), done == null ? 0 : done.offset());
            from.put(p, start);
            total += ends.get(p) - starts.get(p);
            unhandled += Math.max(0, ends.get(p) - start);
        }
        return new Range(from, ends, total, unhandled);
    }

    private static List<Entry> read(Map<String, Object> kafka, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> from) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Entry> entries = new ArrayList<>();
        long wanted = from.entrySet().stream().mapToLong(e -> Math.max(0, ends.get(e.getKey()) - e.getValue())).sum();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (entries.size() < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        entries.add(new Entry(record.partition(), record.offset(), header(record, RecordHeaders.EVENT_ID), header(record, RecordHeaders.EVENT_TYPE),
                                header(record, "park-record-bytes"), header(record, "park-reason")));
                    }
                }
            }
        }
        return entries;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
