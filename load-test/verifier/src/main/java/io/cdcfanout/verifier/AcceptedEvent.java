package io.cdcfanout.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An event the producer API accepted, as stored in its {@code business_event} table.
 *
 * @param eventId the event's uuid
 * @param eventType e.g. {@code CarCreated}
 * @param key the primary entity id (the Kafka key)
 * @param acceptedAt when the producer's transaction started: the start of the end-to-end delay
 * @param event the complete event JSON
 */
public record AcceptedEvent(String eventId, String eventType, String key, Instant acceptedAt, JsonNode event) {
}
