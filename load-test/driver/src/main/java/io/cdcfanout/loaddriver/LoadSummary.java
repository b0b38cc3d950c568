package io.cdcfanout.loaddriver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The result of a load run, in the JSON shape the k6 scripts write too ({@code load-test/k6/README.md}), which
 * {@code load-test/verify --summary} reads.
 *
 * @param tool {@code load-driver} (the k6 scripts write {@code k6})
 * @param runId prefix of every id the run sent
 * @param scenario {@code batch} or {@code arrival-rate}
 * @param baseUrl the producer API
 * @param startedAt first request
 * @param finishedAt last answer
 * @param sent requests per event type
 * @param accepted events the API accepted (200), per event type
 * @param rejected requests answered otherwise or not at all, per event type
 * @param dropped arrivals not sent because {@code maxInFlight} requests were waiting (arrival-rate only)
 * @param httpDurationMs request duration percentiles: p50, p95, p99, max
 * @param checksFailed responses that were not 200 with the event's id echoed
 * @param thresholds each threshold and whether it held
 * @param retries events sent more than once (after a 503 or no answer; see {@link RetryPolicy})
 * @param failures requests not accepted, by their final answer: the HTTP status ({@code "503"}, {@code "500"}…) or
 *     {@value LoadRunner#NO_ANSWER}
 * @param clientCpu the CPU the load tool's own process used for the run: a load tool must never be the bottleneck
 */
public record LoadSummary(String tool, String runId, String scenario, String baseUrl, Instant startedAt, Instant finishedAt,
        Map<String, Long> sent, Map<String, Long> accepted, Map<String, Long> rejected, long dropped,
        Map<String, Double> httpDurationMs, long checksFailed, Map<String, Boolean> thresholds, Retries retries,
        Map<String, Long> failures, ClientCpu clientCpu) {

    /**
     * The client's retries in a run.
     *
     * @param events events sent more than once
     * @param attempts extra attempts in all
     * @param giveUpAfterMs how long one event was retried at most
     */
    public record Retries(long events, long attempts, long giveUpAfterMs) {
    }

    /**
     * The load tool's CPU use in a run: its whole process (when it runs inside another program, as in the
     * fault suite or the benchmarks, that program's other work counts too), from the first request to the last answer.
     *
     * @param cpuMs CPU time, all threads
     * @param requests HTTP requests sent, retries included
     * @param cpuMsPerRequest {@code cpuMs / requests}
     */
    public record ClientCpu(double cpuMs, long requests, double cpuMsPerRequest) {

        static ClientCpu of(long cpuNanos, long requests) {
            double ms = cpuNanos / 1e6;
            return new ClientCpu(Math.round(ms * 10) / 10.0, requests,
                    requests == 0 ? 0 : Math.round(ms / requests * 1000) / 1000.0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Whether every threshold held. */
    public boolean passed() {
        return thresholds.values().stream().allMatch(Boolean::booleanValue);
    }

    public long totalAccepted() {
        return accepted.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalSent() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Accepted events per second over the run. */
    public double acceptedPerSecond() {
        double seconds = Math.max(1e-3, (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
        return totalAccepted() / seconds;
    }

    public String toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("tool", tool).put("runId", runId).put("scenario", scenario).put("baseUrl", baseUrl)
                .put("startedAt", startedAt.toString()).put("finishedAt", finishedAt.toString());
        json.set("sent", JSON.valueToTree(sent));
        json.set("accepted", JSON.valueToTree(accepted));
        json.set("rejected", JSON.valueToTree(rejected));
        json.put("dropped", dropped);
        json.put("acceptedPerSecond", Math.round(acceptedPerSecond() * 10) / 10.0);
        json.set("httpDurationMs", JSON.valueToTree(httpDurationMs));
        json.put("checksFailed", checksFailed);
        json.set("thresholds", JSON.valueToTree(thresholds));
        json.set("retries", JSON.valueToTree(retries));
        json.set("failures", JSON.valueToTree(failures));
        json.set("clientCpu", JSON.valueToTree(clientCpu));
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #toJson()} to a file, creating its directory. */
    public void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, toJson() + "\n");
    }
}
