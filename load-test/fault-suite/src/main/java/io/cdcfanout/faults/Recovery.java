package io.cdcfanout.faults;

import io.cdcfanout.verifier.VerificationReport.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a fault showed in the end-to-end delay (producer accept → consumer handled), which is the pipeline's lag in
 * time: every stage's backlog (capture, routing, consumers) adds to it.
 *
 * @param threshold the delay counted as normal: twice the p99 before the fault, at least the p99 + 1 s
 * @param recovered when the last event handled later than normal was handled: from then on the lag was back to its
 *     level before the fault
 * @param longestDelay the longest delay of the events handled from the fault to the recovery
 */
record Recovery(Duration threshold, Instant recovered, Duration longestDelay) {

    private static final Duration SLACK = Duration.ofSeconds(1);

    static Recovery of(List<Delivery> deliveries, Instant faultAt, Instant restartAt) {
        List<Duration> before = deliveries.stream().filter(d -> d.handledAt().isBefore(faultAt)).map(Delivery::delay).sorted().toList();
        Duration p99 = before.isEmpty() ? Duration.ZERO : before.get(Math.max(0, (int) Math.ceil(0.99 * before.size()) - 1));
        Duration doubled = p99.multipliedBy(2);
        Duration threshold = doubled.compareTo(p99.plus(SLACK)) > 0 ? doubled : p99.plus(SLACK);
        Instant recovered = deliveries.stream()
                .filter(d -> d.delay().compareTo(threshold) > 0)
                .map(Delivery::handledAt)
                .filter(handled -> handled.isAfter(restartAt))
                .max(Instant::compareTo)
                .orElse(restartAt);
        Duration longest = deliveries.stream()
                .filter(d -> !d.handledAt().isBefore(faultAt) && !d.acceptedAt().isAfter(recovered))
                .map(Delivery::delay)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        return new Recovery(threshold, recovered, longest);
    }

    /** From the restart until the lag was back to normal. */
    Duration after(Instant restartAt) {
        return Duration.between(restartAt, recovered);
    }
}
