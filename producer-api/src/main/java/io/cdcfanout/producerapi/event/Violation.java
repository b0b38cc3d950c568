package io.cdcfanout.producerapi.event;

/**
 * One reason why an event is rejected.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending value, relative to the request body
 * @param message what is wrong, for people
 */
public record Violation(String pointer, String message) {

    /** The same violation inside a bulk request, where the event is element {@code index}. */
    public Violation within(int index) {
        return new Violation("/" + index + pointer, message);
    }
}
