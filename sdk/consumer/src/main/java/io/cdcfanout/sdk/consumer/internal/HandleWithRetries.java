package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.cdcfanout.sdk.consumer.EventContext;
import io.cdcfanout.sdk.consumer.RetryableException;
import io.cdcfanout.sdk.consumer.UnhandledEventTypeException;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Calls the application's handler: a {@link RetryableException} is retried after a backoff up to
 * {@code retry.max-attempts} attempts in all, then dead-lettered; any other failure is dead-lettered at once. Every
 * attempt is timed and watched by the liveness check.
 */
final class HandleWithRetries {

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");

    private final Instance<CdcEventHandler> handlers;
    private final int maxAttempts;
    private final Backoff backoff;
    private final HandlerWatch watch;
    private final ConsumerMetrics metrics;
    private final DeadLetterOrAbandon failures;
    private final AfterSuccess afterSuccess;

    HandleWithRetries(Instance<CdcEventHandler> handlers, int maxAttempts, Backoff backoff, HandlerWatch watch,
            ConsumerMetrics metrics, DeadLetterOrAbandon failures, AfterSuccess afterSuccess) {
        this.handlers = handlers;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.watch = watch;
        this.metrics = metrics;
        this.failures = failures;
        this.afterSuccess = afterSuccess;
    }

    /** @return {@link Outcome#ACK} once the handler returned, {@link Outcome#ABANDONED}, or the dead letter */
    Outcome handle(DecodedEvent decoded, EventContext first) throws InterruptedException {
        String topic = first.topic();
        String type = decoded.type().name();
        Duration pause = backoff.initial();
        EventContext context = first;
        while (true) {
            long start = System.nanoTime();
            watch.started();
            boolean retry;
            try {
                EventDispatcher.dispatch(handlers.get(), decoded, context);
                retry = false;
            } catch (RetryableException e) {
                if (context.attempt() >= maxAttempts) {
                    return failures.deadLetter(topic, type, new DeadLetterException(DeadLetterReason.RETRIES_EXHAUSTED,
                            context.attempt() + " attempts failed, last: " + e.getMessage(), e));
                }
                if (failures.shuttingDown()) {
                    return failures.abandon();
                }
                metrics.retried(topic, type);
                LOG.warnf("retrying in %d ms, attempt %d of %d failed: %s", pause.toMillis(), context.attempt(),
                        maxAttempts, e.getMessage());
                retry = true;
            } catch (UnhandledEventTypeException e) {
                return failures.deadLetter(topic, type, new DeadLetterException(DeadLetterReason.UNHANDLED_EVENT_TYPE, e.getMessage(), e));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                return failures.deadLetter(topic, type, new DeadLetterException(DeadLetterReason.HANDLER_FAILED, e.toString(), e));
            } finally {
                watch.finished();
                metrics.handlerTime(topic, type, System.nanoTime() - start);
            }
            if (!retry) {
                afterSuccess.handled(context, decoded);
                return Outcome.ACK;
            }
            Thread.sleep(pause.toMillis());
            pause = backoff.next(pause);
            context = context.withAttempt(context.attempt() + 1);
        }
    }
}
