package io.cdcfanout.producerapi.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcfanout.producerapi.event.ValidatedEvent;
import io.debezium.outbox.quarkus.ExportedEvent;
import java.time.Instant;
import java.util.Map;

/**
 * The outbox record of an accepted event. The connector ({@code infra/connect/outbox-connector.json})
 * turns it into the message on {@code raw-business-events}: key = aggregate id (the primary entity
 * id), value = payload (the complete event), headers {@code eventId} (column {@code eventid}) and
 * {@code eventType} (column {@code type}).
 */
final class OutboxEvent implements ExportedEvent<String, JsonNode> {

    private final ValidatedEvent event;
    private final Instant timestamp = Instant.now();

    OutboxEvent(ValidatedEvent event) {
        this.event = event;
    }

    @Override
    public String getAggregateId() {
        return event.primaryEntity().id();
    }

    @Override
    public String getAggregateType() {
        return event.primaryEntity().type().jsonName();
    }

    @Override
    public String getType() {
        return event.eventType();
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public JsonNode getPayload() {
        return event.json();
    }

    @Override
    public Map<String, Object> getAdditionalFieldValues() {
        return Map.of("eventid", event.eventId());
    }
}
