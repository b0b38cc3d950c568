package io.cdcfanout.sdk.consumer;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * The handler under test: records every call per topic and fails or slows down as a test scripts it, per event id or
 * per topic. Applications launched by a {@code @QuarkusMainTest} cannot be reached by injection: there, system
 * properties {@value #FAIL_AT_SHUTDOWN_WHILE_HANDLING}, {@value #INTERRUPTED_WHILE_HANDLING} and
 * {@value #EXIT_AFTER_HANDLING} (an event id) make the handler stop the application while it handles that event, or
 * right after.
 */
@ApplicationScoped
public class RecordingHandler implements CdcEventHandler {

    /**
     * Event id whose handling begins a graceful shutdown, waits for it, then fails with a non-retryable error: as a
     * handler whose database pool the shutdown closed under it.
     */
    public static final String FAIL_AT_SHUTDOWN_WHILE_HANDLING = "sdk-test.fail-at-shutdown-while-handling";
    /**
     * Event id whose handling begins a graceful shutdown and blocks until interrupted, then fails with a non-retryable
     * error: as a handler stuck in a slow call.
     */
    public static final String INTERRUPTED_WHILE_HANDLING = "sdk-test.interrupted-while-handling";
    /** Event id after whose successful handling the application shuts down. */
    public static final String EXIT_AFTER_HANDLING = "sdk-test.exit-after-handling";

    public record Call(SpecificRecord event, EventContext context) {
    }

    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Exception>> scriptedFailures = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final CountDownLatch shutdown = new CountDownLatch(1);

    /** As the application's own resources (a database pool, a client) are closed when it stops. */
    void onShutdown(@Observes ShutdownEvent event) {
        shutdown.countDown();
    }

    /** The next calls for this event id throw these, in order; then calls succeed. */
    public void failNext(String eventId, Exception... failures) {
        scriptedFailures.put(eventId, new ArrayDeque<>(List.of(failures)));
    }

    /** Every call for records of this topic takes this long, as a handler that writes somewhere. */
    public void slowDown(String topic, Duration delay) {
        delays.put(topic, delay);
    }

    /** Every call (attempts included) for records of a topic, in order. */
    public List<Call> calls(String topic) {
        return calls.getOrDefault(topic, List.of());
    }

    /** The events the handler was called with for a topic, attempts included, in order. */
    public List<SpecificRecord> events(String topic) {
        return calls(topic).stream().map(Call::event).toList();
    }

    @Override
    public void onCarCreated(CarCreated event, EventContext context) throws Exception {
        record(event, context);
    }

    @Override
    public void onLoanCreated(LoanCreated event, EventContext context) throws Exception {
        record(event, context);
    }

    @Override
    public void onLoanPaymentSubmitted(LoanPaymentSubmitted event, EventContext context) throws Exception {
        record(event, context);
    }

    @Override
    public void onCarServiceDone(CarServiceDone event, EventContext context) throws Exception {
        record(event, context);
    }

    private void record(SpecificRecord event, EventContext context) throws Exception {
        calls.computeIfAbsent(context.topic(), t -> new CopyOnWriteArrayList<>()).add(new Call(event, context));
        Deque<Exception> failures = scriptedFailures.get(context.eventId());
        if (failures != null && !failures.isEmpty()) {
            throw failures.poll();
        }
        Duration delay = delays.get(context.topic());
        if (delay != null) {
            Thread.sleep(delay.toMillis());
        }
        if (context.eventId().equals(System.getProperty(FAIL_AT_SHUTDOWN_WHILE_HANDLING))) {
            Quarkus.asyncExit();
            shutdown.await(1, TimeUnit.MINUTES);
            throw new IllegalStateException("the projection's database pool was closed");
        }
        if (context.eventId().equals(System.getProperty(INTERRUPTED_WHILE_HANDLING))) {
            Quarkus.asyncExit();
            try {
                Thread.sleep(Duration.ofMinutes(1).toMillis());
            } catch (InterruptedException e) {
                // The worst a handler can do when shutdown interrupts it: fail with an error that is not retryable.
                throw new IllegalStateException("interrupted while writing the projection", e);
            }
        }
        if (context.eventId().equals(System.getProperty(EXIT_AFTER_HANDLING))) {
            Quarkus.asyncExit();
        }
    }
}
