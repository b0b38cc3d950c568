package io.cdcfanout.sdk.consumer;

/**
 * Remembers which event ids were handled successfully, so a redelivered event is skipped. The default is
 * bounded and in memory ({@code cdcfanout.consumer.dedupe.capacity} most recent ids, lost on restart);
 * provide a CDI bean implementing this interface (e.g. backed by a database table written in the same
 * transaction as the handler's effects) to replace it.
 *
 * <p>Called from the consumer's handler threads: one at {@code cdcfanout.consumer.concurrency=1} (the default), several
 * at once above it, so an implementation must then be thread-safe (as must one shared by several consumers). The
 * records of one event id share a key and are therefore never checked or marked concurrently.
 */
public interface DedupeStore {

    /** Whether the event was already handled successfully. */
    boolean isProcessed(String eventId);

    /** Records that the event was handled successfully; called after the handler returned. */
    void markProcessed(String eventId);
}
