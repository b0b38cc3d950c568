package io.cdcfanout.producerapi.api;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The producer's own metrics (HTTP timings come from Quarkus). */
@ApplicationScoped
public class ProducerMetrics {

    /** Events received, tag {@code outcome}: stored, duplicate, or the HTTP status of a rejection. */
    static final String EVENTS = "producer.events";

    /** Events per transaction of single events (group commit): 1 when requests do not overlap, more under load. */
    static final String TRANSACTION_EVENTS = "producer.store.transaction.events";

    private final MeterRegistry registry;
    private final DistributionSummary transactionEvents;

    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.transactionEvents = DistributionSummary.builder(TRANSACTION_EVENTS)
                .description("events stored per transaction of single events").register(registry);
    }

    /** A transaction of single events was run with this many events. */
    public void transaction(int events) {
        transactionEvents.record(events);
    }

    void count(String outcome) {
        registry.counter(EVENTS, "outcome", outcome).increment();
    }
}
