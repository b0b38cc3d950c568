package io.cdcfanout.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Where the events of one run were seen, filled record by record while the verifier reads the topics. */
final class Observations {

    /** The raw record an event arrived in: what the routing rules are evaluated on. */
    record RawRecord(String value, Map<String, String> headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Numbers equal by value (1, 1.0 and 1.00 alike), everything else as Jackson compares it. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    private final Map<String, AcceptedEvent> accepted;
    final Map<String, RawRecord> raw = new HashMap<>();
    final Map<String, Integer> rawCount = new HashMap<>();
    /** topic → event id → times seen. */
    final Map<String, Map<String, Integer>> routed = new HashMap<>();
    /** topic → events whose value differs from what the producer accepted. */
    final Map<String, Set<String>> altered = new HashMap<>();
    /** consumer group → event id → its receipts. */
    final Map<String, Map<String, List<DeliveryReceipt>>> receipts = new HashMap<>();
    /** dead-letter topic → events in it. */
    final Map<String, Set<String>> deadLettered = new HashMap<>();
    final List<String> unreadableReceipts = new ArrayList<>();

    Observations(Map<String, AcceptedEvent> accepted) {
        this.accepted = accepted;
    }

    void raw(ConsumerRecord<String, byte[]> record) {
        String eventId = runEventId(record);
        if (eventId != null) {
            rawCount.merge(eventId, 1, Integer::sum);
            raw.putIfAbsent(eventId, new RawRecord(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                    headers(record)));
        }
    }

    /** A record of a routed topic; {@code compareContent} false for topics whose values are not the event JSON (Avro). */
    void routed(ConsumerRecord<String, byte[]> record, boolean compareContent) {
        String eventId = runEventId(record);
        if (eventId == null) {
            return;
        }
        routed.computeIfAbsent(record.topic(), t -> new HashMap<>()).merge(eventId, 1, Integer::sum);
        if (compareContent && !sameEvent(accepted.get(eventId).event(), record.value())) {
            altered.computeIfAbsent(record.topic(), t -> new HashSet<>()).add(eventId);
        }
    }

    void receipt(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !accepted.containsKey(record.key())) {
            return;
        }
        try {
            DeliveryReceipt receipt = DeliveryReceipt.fromJson(record.value());
            receipts.computeIfAbsent(receipt.consumerGroup(), g -> new HashMap<>())
                    .computeIfAbsent(receipt.eventId(), e -> new ArrayList<>()).add(receipt);
        } catch (IllegalArgumentException e) {
            unreadableReceipts.add(record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + e.getMessage());
        }
    }

    void deadLetter(ConsumerRecord<String, byte[]> record) {
        String eventId = runEventId(record);
        if (eventId != null) {
            deadLettered.computeIfAbsent(record.topic(), t -> new HashSet<>()).add(eventId);
        }
    }

    /** The run's event a record carries, by its {@code eventId} header, or {@code null} for another run's record. */
    private String runEventId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RecordHeaders.EVENT_ID);
        if (header == null || header.value() == null) {
            return null;
        }
        String eventId = new String(header.value(), StandardCharsets.UTF_8);
        return accepted.containsKey(eventId) ? eventId : null;
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Same JSON value (numbers by value, key order ignored) as the accepted event. */
    private static boolean sameEvent(JsonNode accepted, byte[] value) {
        if (value == null) {
            return false;
        }
        try {
            return accepted.equals(SAME_VALUE, JSON.readTree(value));
        } catch (IOException e) {
            return false;
        }
    }
}
