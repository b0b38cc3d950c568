package io.cdcfanout.sdk.consumer.internal;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What becomes of a record that failed: it goes to the dead-letter topic, unless shutdown has begun; then it is
 * abandoned (left uncommitted) and re-delivered after the restart, because the dead-letter producer is about to close
 * and the failure may come from resources the shutdown closed.
 */
final class DeadLetterOrAbandon {

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");

    private final ConsumerMetrics metrics;
    private final String deadLetterTopic;
    /** Shutdown has begun: no more dead letters or retries. */
    private volatile boolean shuttingDown;

    DeadLetterOrAbandon(ConsumerMetrics metrics, String deadLetterTopic) {
        this.metrics = metrics;
        this.deadLetterTopic = deadLetterTopic;
    }

    void shutdownBegins() {
        shuttingDown = true;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** @param type the event's type, {@code null} when the record could not be decoded and had no type header */
    Outcome deadLetter(String topic, String type, DeadLetterException failure) {
        if (shuttingDown) {
            return abandon();
        }
        metrics.deadLettered(topic, type, failure.reason());
        LOG.errorf("dead-lettered to %s: %s", deadLetterTopic, failure.getMessage());
        return new Outcome.DeadLetter(failure);
    }

    /** Called on the record's lane, whose MDC holds the record's position. */
    Outcome abandon() {
        LOG.infof("shutting down: record at offset %s left uncommitted, it will be consumed again", MDC.get("offset"));
        return Outcome.ABANDONED;
    }
}
