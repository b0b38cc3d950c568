package io.cdcfanout.loaddriver;

import java.time.Duration;

/** What a load run sends: the k6 scripts' two scenarios. */
public sealed interface Scenario {

    /** The name written to the summary. */
    String name();

    /**
     * {@code send-batch-events.js}: {@code eventsPerType} events of each type, each type sent by {@code vusPerType}
     * concurrent workers splitting its events, as fast as the API answers (closed model).
     */
    record Batch(int eventsPerType, int vusPerType) implements Scenario {
        public Batch {
            positive("events per type", eventsPerType);
            positive("VUs per event type", vusPerType);
        }

        @Override
        public String name() {
            return "batch";
        }
    }

    /**
     * {@code arrival-rate.js}: {@code ratePerSecond} events per second for {@code duration}, cycling through the four
     * types, whatever the API's latency (open model); at most {@code maxInFlight} requests wait for an answer, an
     * arrival beyond that is counted as dropped, as k6 does.
     */
    record ArrivalRate(double ratePerSecond, Duration duration, int maxInFlight) implements Scenario {
        public ArrivalRate {
            if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("rate must be a positive number of events per second, got " + ratePerSecond);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, got " + duration);
            }
            positive("max in-flight requests", maxInFlight);
        }

        @Override
        public String name() {
            return "arrival-rate";
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be a positive integer, got " + value);
        }
    }
}
