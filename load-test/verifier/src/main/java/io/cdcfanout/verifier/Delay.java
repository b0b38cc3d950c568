package io.cdcfanout.verifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A delay distribution in milliseconds.
 *
 * @param count how many delays
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max the largest
 */
public record Delay(long count, double p50, double p95, double p99, double max) {

    static final Delay NONE = new Delay(0, 0, 0, 0, 0);

    /** The distribution of {@code micros} (microseconds), nearest-rank percentiles. */
    static Delay ofMicros(Collection<Long> micros) {
        if (micros.isEmpty()) {
            return NONE;
        }
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        return new Delay(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), rank(sorted, 1.0));
    }

    private static double rank(List<Long> sorted, double quantile) {
        int index = Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1);
        return Math.round(sorted.get(index) / 100.0) / 10.0;
    }
}
