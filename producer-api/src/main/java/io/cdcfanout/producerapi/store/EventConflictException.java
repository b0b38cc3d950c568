package io.cdcfanout.producerapi.store;

import java.util.UUID;

/** An event with this id was stored before with different content (answered with 409). */
public class EventConflictException extends RuntimeException {

    private final UUID eventId;

    public EventConflictException(UUID eventId) {
        super("event " + eventId + " was already stored with different content");
        this.eventId = eventId;
    }

    public UUID eventId() {
        return eventId;
    }
}
