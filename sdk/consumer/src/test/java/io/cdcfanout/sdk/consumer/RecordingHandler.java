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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The handler under test: records every call per topic and fails or slows down as a test scripts it, per event id or
 * per topic. Applications launched by a {@code @QuarkusMainTest} cannot be reached by injection: there, system
 * properties {@value #FAIL_AT_SHUTDOWN_WHILE_HANDLING}, {@value #INTERRUPTED_WHILE_HANDLING} and
 * {@value #EXIT_AFTER_HANDLING} (an event id) make the handler stop the application while it handles that event, or
 * right after; {@value #SLEEP_MS} and {@value #EXIT_AFTER_CALLS} make it a handler that waits on a database and stops
 * the application once it handled that many events (the concurrency benchmark).
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
    /** Every call sleeps this many milliseconds. */
    public static final String SLEEP_MS = "sdk-test.sleep-ms";
    /** The application shuts down after this many successful calls. */
    public static final String EXIT_AFTER_CALLS = "sdk-test.exit-after-calls";

    /** @param traceId the trace of the span current in the handler (32 zeros when none) */
    public record Call(SpecificRecord event, EventContext context, String traceId) {
    }

    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Exception>> scriptedFailures = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> delaysMs = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    /** Calls running now, per topic and per topic + key; and the most seen at once. */
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final long sleepMs = Long.getLong(SLEEP_MS, 0);
    private final long exitAfterCalls = Long.getLong(EXIT_AFTER_CALLS, 0);
    private final AtomicLong succeeded = new AtomicLong();

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
        delaysMs.put(topic, delay::toMillis);
    }

    /** Every call for records of this topic takes a random time between 0 and this long. */
    public void slowDownRandomly(String topic, Duration maxDelay) {
        delaysMs.put(topic, () -> ThreadLocalRandom.current().nextLong(maxDelay.toMillis() + 1));
    }

    /** Calls for this event id block until {@link #release(String)}. */
    public void hold(String eventId) {
        held.put(eventId, new CountDownLatch(1));
    }

    public void release(String eventId) {
        held.get(eventId).countDown();
    }

    /** The most calls for records of this topic that ran at the same time. */
    public int mostCallsAtOnce(String topic) {
        return mostAtOnce.getOrDefault(topic, new AtomicInteger()).get();
    }

    /** The most calls for records of one key of this topic that ran at the same time, over all its keys. */
    public int mostCallsOfOneKeyAtOnce(String topic) {
        return mostAtOnce.entrySet().stream().filter(e -> e.getKey().startsWith(topic + "/"))
                .mapToInt(e -> e.getValue().get()).max().orElse(0);
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
        List<String> counted = List.of(context.topic(), context.topic() + "/" + context.key());
        counted.forEach(this::enter);
        try {
            handle(event, context);
            if (succeeded.incrementAndGet() == exitAfterCalls) {
                Quarkus.asyncExit();
            }
        } finally {
            counted.forEach(name -> running.get(name).decrementAndGet());
        }
    }

    private void enter(String name) {
        int now = running.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.computeIfAbsent(name, n -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    }

    private void handle(SpecificRecord event, EventContext context) throws Exception {
        calls.computeIfAbsent(context.topic(), t -> new CopyOnWriteArrayList<>()).add(new Call(event, context,
                io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId()));
        Deque<Exception> failures = scriptedFailures.get(context.eventId());
        if (failures != null && !failures.isEmpty()) {
            throw failures.poll();
        }
        CountDownLatch hold = held.get(context.eventId());
        if (hold != null) {
            hold.await();
        }
        Thread.sleep(delaysMs.getOrDefault(context.topic(), () -> sleepMs).getAsLong());
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
