package io.cdcfanout.sdk.consumer.internal;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Acks or nacks a record on its lane and waits until that is done, so that the next record of the key starts only
 * once this one is settled (e.g. its dead letter written).
 */
final class SettleStep {

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");

    /**
     * An ack or nack failed (e.g. the dead-letter topic refused a record): the channel fails with it on the next delivery,
     * as it did when the ack was part of {@link EventDispatcher#consume}, and no further record is started, so none of a
     * key overtakes the record left unsettled.
     */
    private volatile Throwable failure;

    /** @return the failure of an earlier ack or nack, {@code null} while none failed */
    Throwable failure() {
        return failure;
    }

    void settle(Message<byte[]> message, IncomingKafkaRecordMetadata<?, ?> meta, Outcome outcome) {
        CompletionStage<Void> settled;
        switch (outcome) {
            case Outcome.Abandoned() -> {
                return;
            }
            case Outcome.Ack() -> settled = message.ack();
            case Outcome.DeadLetter(DeadLetterException deadLetter) -> settled = message.nack(deadLetter, deadLetter.nackMetadata());
        }
        try {
            settled.toCompletableFuture().get();
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "could not settle the record at %s-%d offset %d; the consumer stops", meta.getTopic(),
                    meta.getPartition(), meta.getOffset());
            failure = e.getCause();
        }
    }
}
