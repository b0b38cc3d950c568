package io.cdcfanout.sdk.consumer;

/**
 * Thrown by a handler for a failure that may pass if tried again (a downstream service briefly
 * unavailable, a lock timeout). The SDK retries the same record with exponential backoff, holding back
 * the records after it, and dead-letters it once {@code cdcfanout.consumer.retry.max-attempts} is reached.
 */
public class RetryableException extends Exception {

    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
