package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.DeadLetterReason;

/**
 * The failure a record is nacked with: SmallRye's dead-letter queue writes its message as header
 * {@code dead-letter-reason} ({@code <code>: <detail>}) and its cause as {@code dead-letter-cause}.
 */
public class DeadLetterException extends RuntimeException {

    public DeadLetterException(DeadLetterReason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause, false, false);
    }
}
