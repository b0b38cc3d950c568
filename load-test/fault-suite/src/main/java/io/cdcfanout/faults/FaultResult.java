package io.cdcfanout.faults;

import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.verifier.VerificationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one fault did to one run.
 *
 * @param fault the fault's id
 * @param description what was done
 * @param runId the load run, as {@code load-test/verify --run-id} takes it
 * @param accepted events the producer accepted (its database)
 * @param delivered accepted events that reached every place their rules name
 * @param lost accepted events missing somewhere
 * @param misrouted events somewhere their rules do not name
 * @param altered events whose content changed on the way
 * @param duplicatesDelivered extra copies in the raw and routed topics
 * @param duplicatesHandled events a consumer's handler ran for more than once (several receipts)
 * @param deadLetters events of the run in a dead-letter topic
 * @param serverErrors requests answered 500: a fault the producer should have answered 503
 * @param notAccepted requests the producer did not accept in the end, by final answer (after the client's retries)
 * @param dropped arrivals not sent because too many requests were waiting for an answer
 * @param retriedEvents events the client sent more than once (503 or no answer)
 * @param longestDelayMs the longest end-to-end delay of the events handled from the fault to the recovery
 * @param restartMs from the restart command until the restarted components were ready
 * @param recoveryMs from the restart command until the end-to-end delay was back to its level before the fault
 * @param alsoRestarted components found dead after the fault although it did not touch them (restarted by the suite)
 * @param passed 0 lost, 0 misrouted, 0 altered, no 500, no other problem
 * @param problems why it did not pass, or other findings
 */
record FaultResult(String fault, String description, String runId, long accepted, long delivered, long lost, long misrouted,
        long altered, long duplicatesDelivered, long duplicatesHandled, long deadLetters, long serverErrors, Map<String, Long> notAccepted,
        long dropped, long retriedEvents, long longestDelayMs, long restartMs, long recoveryMs, List<String> alsoRestarted,
        boolean passed, List<String> problems) {

    /** The HTTP status a fault must never produce. */
    static final String SERVER_ERROR = "500";

    static FaultResult of(Fault fault, LoadSummary load, VerificationReport report, Instant faultAt, Instant restartAt, Instant readyAt,
            List<String> alsoRestarted, List<String> stepErrors) {
        Recovery recovery = Recovery.of(report.deliveries(), faultAt, restartAt);
        long serverErrors = load.failures().getOrDefault(SERVER_ERROR, 0L);
        List<String> problems = new ArrayList<>(stepErrors);
        if (serverErrors > 0) {
            problems.add(serverErrors + " requests answered 500 (a producer under this fault must answer 503 + Retry-After)");
        }
        if (!report.passed()) {
            problems.add(String.format("verification failed: %d lost, %d misrouted, %d altered", report.lost(), report.misrouted(), report.altered()));
        }
        problems.addAll(report.problems());
        return new FaultResult(fault.id(), fault.description(), report.runId(), report.accepted(), report.accepted() - report.lost(),
                report.lost(), report.misrouted(), report.altered(), report.duplicatesDelivered(), report.duplicatesHandled(),
                report.deadLettered(), serverErrors, load.failures(), load.dropped(), load.retries().events(),
                recovery.longestDelay().toMillis(), Duration.between(restartAt, readyAt).toMillis(), recovery.after(restartAt).toMillis(),
                alsoRestarted, report.passed() && serverErrors == 0 && stepErrors.isEmpty(), List.copyOf(problems));
    }

    /** A fault whose run could not even be verified. */
    static FaultResult failed(Fault fault, String runId, String error) {
        return new FaultResult(fault.id(), fault.description(), runId, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, List.of(),
                false, List.of(error));
    }
}
