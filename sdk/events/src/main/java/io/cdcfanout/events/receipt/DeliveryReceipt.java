package io.cdcfanout.events.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.codec.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Proof that one consumer handled one event: what a consumer built on the SDK sends to its receipts topic
 * ({@code cdcfanout.consumer.receipts.topic}) after its handler succeeded, and what the end-to-end verifier
 * reads. The record key is the event id, the value this receipt as JSON.
 *
 * @param consumerGroup the consumer's group id (one logical consumer, however many instances)
 * @param eventId the event's id ({@code eventHeader.uuid})
 * @param eventType e.g. {@code LoanCreated}
 * @param topic the topic the event was consumed from
 * @param partition its partition
 * @param offset its offset
 * @param routingRuleId the {@code routingRuleId} header of the record, or {@code null}
 * @param attempt the handler attempt that succeeded, 1 for the first
 * @param handledAt when the handler returned, by the consumer's clock
 * @param eventDigest {@link #digest(SpecificRecord)} of the event the handler received
 * @param traceId the OpenTelemetry trace id (32 hex digits) the handler ran in: the producer's trace when the record
 *        carried a {@code traceparent} header, else one the consumer started; {@code null} with OpenTelemetry
 *        disabled ({@code quarkus.otel.sdk.disabled}) and in receipts of older SDKs
 */
public record DeliveryReceipt(String consumerGroup, String eventId, String eventType, String topic, int partition,
        long offset, String routingRuleId, int attempt, Instant handledAt, String eventDigest, String traceId) {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    public DeliveryReceipt {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(handledAt, "handledAt");
        Objects.requireNonNull(eventDigest, "eventDigest");
    }

    /**
     * A fingerprint of an event's content, independent of the wire format it travelled in: the SHA-256 of
     * its contract JSON as written by {@link EventJson#write}, so the same event read from JSON, framed
     * JSON or Avro has the same digest, and any changed field changes it.
     */
    public static String digest(SpecificRecord event) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(EventJson.write(event)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** This receipt as the JSON value of its Kafka record. */
    public byte[] toJson() {
        ObjectNode json = MAPPER.createObjectNode()
                .put("consumerGroup", consumerGroup)
                .put("eventId", eventId)
                .put("eventType", eventType)
                .put("topic", topic)
                .put("partition", partition)
                .put("offset", offset)
                .put("routingRuleId", routingRuleId)
                .put("attempt", attempt)
                .put("handledAt", handledAt.toString())
                .put("eventDigest", eventDigest)
                .put("traceId", traceId);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a receipt record's value.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static DeliveryReceipt fromJson(byte[] value) {
        JsonNode json;
        try {
            json = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("receipt is not valid JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("receipt is not a JSON object");
        }
        try {
            return new DeliveryReceipt(text(json, "consumerGroup"), text(json, "eventId"), text(json, "eventType"),
                    text(json, "topic"), number(json, "partition").intValue(), number(json, "offset").longValue(),
                    json.path("routingRuleId").isTextual() ? json.get("routingRuleId").asText() : null,
                    number(json, "attempt").intValue(), Instant.parse(text(json, "handledAt")), text(json, "eventDigest"),
                    json.path("traceId").isTextual() ? json.get("traceId").asText() : null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("receipt field handledAt is not an ISO-8601 instant: " + e.getParsedString(), e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("receipt field " + field + " is missing or not a string");
        }
        return node.asText();
    }

    private static Number number(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToLong()) {
            throw new IllegalArgumentException("receipt field " + field + " is missing or not an integer");
        }
        return node.numberValue();
    }
}
