package io.cdcfanout.sdk.consumer;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;

/**
 * What a consumer implements: one method per event type it wants, in one CDI bean
 * ({@code @ApplicationScoped}). The SDK calls it for each record of the subscribed topic, decoded into the
 * typed event, and takes care of the rest:
 * <ul>
 *   <li>the offset is committed only after the method returned;</li>
 *   <li>a {@link RetryableException} is retried with exponential backoff
 *       ({@code cdcfanout.consumer.retry.*}), then the record goes to the dead-letter topic;</li>
 *   <li>any other exception sends the record to the dead-letter topic at once; the consumer goes on;</li>
 *   <li>an event id already handled successfully is skipped (see {@link DedupeStore}).</li>
 * </ul>
 * Threading: events of one key (entity) are always handled one at a time, in partition order. By default
 * ({@code cdcfanout.consumer.concurrency=1}) the handler is called from one thread per consumer, one record at a
 * time; above 1, events of different keys are handled in parallel on that many threads, so the handler must be
 * thread-safe. Blocking is fine. Delivery is at-least-once: after a crash a record may be handled again, which
 * de-duplication catches while the store remembers it.
 *
 * <p>Shutdown: a call still running when the application stops is interrupted; whatever it then throws, its
 * record is neither committed nor dead-lettered, and is handled again after the restart. Once a method returned,
 * its record is never dead-lettered, whatever happens after (receipt, dedupe store, shutdown).
 *
 * <p>An event type without an overridden method is a routing error: it is dead-lettered with reason
 * {@code unhandled-event-type}.
 */
public interface CdcEventHandler {

    default void onCarCreated(CarCreated event, EventContext context) throws Exception {
        throw new UnhandledEventTypeException(context.eventType());
    }

    default void onLoanCreated(LoanCreated event, EventContext context) throws Exception {
        throw new UnhandledEventTypeException(context.eventType());
    }

    default void onLoanPaymentSubmitted(LoanPaymentSubmitted event, EventContext context) throws Exception {
        throw new UnhandledEventTypeException(context.eventType());
    }

    default void onCarServiceDone(CarServiceDone event, EventContext context) throws Exception {
        throw new UnhandledEventTypeException(context.eventType());
    }
}
