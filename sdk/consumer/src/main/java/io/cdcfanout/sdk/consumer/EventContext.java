package io.cdcfanout.sdk.consumer;

import io.cdcfanout.events.EventType;
import io.cdcfanout.events.codec.WireFormat;
import java.time.Instant;

/**
 * Where an event came from, passed to every handler call.
 *
 * @param topic the topic of the record
 * @param partition its partition
 * @param offset its offset
 * @param key the record key: the id of the event's primary entity
 * @param eventId the event's uuid (header {@code eventId}, else {@code eventHeader.uuid})
 * @param eventType the event type
 * @param format the wire format the record was decoded from
 * @param attempt 1 for the first call, then 2, 3… for retries of the same record
 * @param routingRuleId the routing rule that sent the event to this topic (header {@code routingRuleId}), or {@code null}
 * @param createdAt when the event was created ({@code eventHeader.createdDate})
 */
public record EventContext(
        String topic,
        int partition,
        long offset,
        String key,
        String eventId,
        EventType eventType,
        WireFormat format,
        int attempt,
        String routingRuleId,
        Instant createdAt) {

    /** The same context for another attempt. */
    public EventContext withAttempt(int next) {
        return new EventContext(topic, partition, offset, key, eventId, eventType, format, next, routingRuleId, createdAt);
    }
}
