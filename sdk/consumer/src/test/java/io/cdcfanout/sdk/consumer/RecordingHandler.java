package io.cdcfanout.sdk.consumer;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;

/** The handler under test: records every call per topic and fails as a test scripts it, per event id. */
@ApplicationScoped
public class RecordingHandler implements CdcEventHandler {

    public record Call(SpecificRecord event, EventContext context) {
    }

    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Exception>> scriptedFailures = new ConcurrentHashMap<>();

    /** The next calls for this event id throw these, in order; then calls succeed. */
    public void failNext(String eventId, Exception... failures) {
        scriptedFailures.put(eventId, new ArrayDeque<>(List.of(failures)));
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
    }
}
