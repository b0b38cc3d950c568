package io.cdcfanout.sdk.consumer;

/**
 * Why a record went to the dead-letter topic. The record's {@code dead-letter-reason} header starts with
 * the {@link #code()} followed by a colon and the precise error; {@code dead-letter-cause},
 * {@code dead-letter-cause-class-name}, {@code dead-letter-topic}, {@code dead-letter-partition} and
 * {@code dead-letter-offset} give the failure and the original position. Key, value and the original
 * headers are kept, so a fixed record can be replayed as is. The reason, the cause and its class name are each
 * at most 4096 UTF-8 bytes (longer ones end in {@code ...[truncated]}), so that a dead letter always fits the
 * pipeline's record limit.
 */
public enum DeadLetterReason {
    /** The value is not a valid event in any accepted format (or its writer schema is unknown to the registry). */
    DECODE_FAILED("decode-failed"),
    /** The handler has no method for the event's type. */
    UNHANDLED_EVENT_TYPE("unhandled-event-type"),
    /** The handler threw a non-retryable exception. */
    HANDLER_FAILED("handler-failed"),
    /** The handler threw {@link RetryableException} on every allowed attempt. */
    RETRIES_EXHAUSTED("retries-exhausted");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
