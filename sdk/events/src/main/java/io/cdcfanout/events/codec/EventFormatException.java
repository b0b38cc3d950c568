package io.cdcfanout.events.codec;

/**
 * A record that is not a valid event: malformed bytes, a missing required field, a value of the wrong
 * type. The message names the offending place as a JSON path (e.g. {@code $.entities[0].year}), so a
 * dead-lettered record tells what to fix. Retrying cannot help.
 */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
