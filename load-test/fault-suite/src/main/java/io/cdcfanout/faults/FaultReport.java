package io.cdcfanout.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The suite's report: the schedule it ran, the machine, and one result per fault; printed as a Markdown table and
 * written as JSON ({@code benchmarks/results/faults.json}).
 *
 * @param startedAt when the suite started (UTC)
 * @param schedule rate and durations of each fault's run
 * @param cores processors of the machine
 * @param loadAverageBefore the machine's 1-minute load average when the suite started
 * @param loadAverageAfter and when it ended
 * @param faults one result per fault, in the order injected
 */
record FaultReport(String startedAt, Map<String, Number> schedule, int cores, double loadAverageBefore, double loadAverageAfter,
        List<FaultResult> faults) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** At least one fault, and every fault passed. */
    boolean passed() {
        return !faults.isEmpty() && faults.stream().allMatch(FaultResult::passed);
    }

    /** The per-fault table, in Markdown (what the README shows). */
    String table() {
        StringBuilder text = new StringBuilder();
        text.append("| fault | accepted | delivered | lost | misrouted | altered | duplicates delivered | duplicates handled | dead letters"
                + " | longest delay | restart | recovery | 500s | retried | not accepted | result |\n");
        text.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (FaultResult r : faults) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s | %.1f s | %.1f s | %d | %d | %s | %s |%n",
                    r.description(), r.accepted(), r.delivered(), r.lost(), r.misrouted(), r.altered(), r.duplicatesDelivered(),
                    r.duplicatesHandled(), r.deadLetters(), r.longestDelayMs() / 1000.0, r.restartMs() / 1000.0, r.recoveryMs() / 1000.0,
                    r.serverErrors(), r.retriedEvents(), notAccepted(r), r.passed() ? "passed" : "FAILED"));
        }
        return text.toString();
    }

    /** Why faults failed, and what else was found, one line each. */
    String findings() {
        StringBuilder text = new StringBuilder();
        for (FaultResult r : faults) {
            r.problems().forEach(problem -> text.append(r.fault()).append(": ").append(problem).append(System.lineSeparator()));
            if (!r.alsoRestarted().isEmpty()) {
                text.append(r.fault()).append(": also found dead and restarted: ").append(String.join(", ", r.alsoRestarted()))
                        .append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    private static String notAccepted(FaultResult r) {
        long total = r.notAccepted().values().stream().mapToLong(Long::longValue).sum() + r.dropped();
        if (total == 0) {
            return "0";
        }
        String byCause = r.notAccepted().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        String dropped = r.dropped() > 0 ? (byCause.isEmpty() ? "" : ", ") + "dropped: " + r.dropped() : "";
        return total + " (" + byCause + dropped + ")";
    }

    void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ObjectNode json = JSON.createObjectNode().put("passed", passed());
        json.setAll((ObjectNode) JSON.valueToTree(this));
        Files.writeString(file, JSON.writeValueAsString(json) + "\n");
    }
}
