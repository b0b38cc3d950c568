package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.EventContext;
import java.time.Duration;
import java.time.Instant;

/**
 * The handler returned: the record is acked whatever happens here. A receipt that cannot be sent, or a dedupe store
 * that fails, costs at most a false "lost" in the verifier or a duplicate call after a restart, never a dead letter.
 */
final class AfterSuccess {

    private final ReceiptSender receipts;
    private final DedupeStep dedupe;
    private final ConsumerMetrics metrics;

    AfterSuccess(ReceiptSender receipts, DedupeStep dedupe, ConsumerMetrics metrics) {
        this.receipts = receipts;
        this.dedupe = dedupe;
        this.metrics = metrics;
    }

    /** @param context the context of the attempt that succeeded (the receipt carries its attempt number) */
    void handled(EventContext context, DecodedEvent decoded) {
        receipts.handled(context, decoded.event());
        dedupe.markHandled(context.eventId());
        metrics.succeeded(context.topic(), context.eventType().name(), Duration.between(context.createdAt(), Instant.now()));
    }
}
