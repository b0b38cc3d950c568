package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.DedupeStore;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Skips the events whose id the {@link DedupeStore} holds and records the ids of the events handled; does nothing
 * when {@code cdcfanout.consumer.dedupe.enabled} is false.
 */
final class DedupeStep {

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");

    private final DedupeStore store;
    private final boolean enabled;
    private final ConsumerMetrics metrics;
    private final Backoff backoff;

    DedupeStep(DedupeStore store, boolean enabled, ConsumerMetrics metrics, Backoff backoff) {
        this.store = store;
        this.enabled = enabled;
        this.metrics = metrics;
        this.backoff = backoff;
    }

    /** @return whether the event was processed before: it is skipped, and acked */
    boolean isDuplicate(String topic, String type, String eventId) throws InterruptedException {
        if (!enabled || !isProcessedWaitingForStore(eventId)) {
            return false;
        }
        metrics.duplicateSkipped(topic, type);
        LOG.debugf("skipped duplicate eventId=%s type=%s", eventId, type);
        return true;
    }

    /**
     * A dedupe store that fails (e.g. its database restarting) is, like a registry outage, not the record's fault: wait
     * for it instead of letting the failure dead-letter a record that was never handled.
     */
    private boolean isProcessedWaitingForStore(String eventId) throws InterruptedException {
        Duration pause = backoff.initial();
        while (true) {
            try {
                return store.isProcessed(eventId);
            } catch (RuntimeException e) {
                LOG.warnf("waiting %d ms for the dedupe store: %s", pause.toMillis(), e.toString());
                Thread.sleep(pause.toMillis());
                pause = backoff.next(pause);
            }
        }
    }

    /** Best effort: the event was handled, a store that fails costs at most a duplicate call after a restart. */
    void markHandled(String eventId) {
        if (!enabled) {
            return;
        }
        try {
            store.markProcessed(eventId);
        } catch (RuntimeException e) {
            LOG.warnf("handled, but the dedupe store did not record eventId=%s (a re-delivery would be handled again): %s",
                    eventId, e.toString());
        }
    }
}
