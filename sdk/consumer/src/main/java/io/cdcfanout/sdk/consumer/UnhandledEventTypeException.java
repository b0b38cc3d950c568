package io.cdcfanout.sdk.consumer;

import io.cdcfanout.events.EventType;

/** The handler has no method for an event type that arrived on its topic: the record is dead-lettered. */
public class UnhandledEventTypeException extends RuntimeException {

    public UnhandledEventTypeException(EventType type) {
        super("the handler does not handle " + type + " events");
    }
}
