package io.cdcfanout.producerapi.api;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The producer's own metrics (HTTP timings come from Quarkus): one counter, tagged by outcome. */
@ApplicationScoped
public class ProducerMetrics {

    /** Events received, tag {@code outcome}: stored, duplicate, or the HTTP status of a rejection. */
    static final String EVENTS = "producer.events";

    private final MeterRegistry registry;

    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String outcome) {
        registry.counter(EVENTS, "outcome", outcome).increment();
    }
}
