package io.cdcfanout.verifier;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict on one run. An event counts once in {@code lost} however many places miss it, and likewise for the
 * other totals; the stages tell where.
 *
 * @param runId the run
 * @param verifiedAt when the report was made
 * @param accepted events the producer accepted in the run (its database)
 * @param summaryAccepted events the load tool counted as accepted, or {@code null} when no summary was given
 * @param acceptedByType accepted events per type
 * @param raw the raw topic
 * @param topics each routed topic
 * @param consumers each consumer group
 * @param delay producer accept → handled, over every consumer's first receipt of every event
 * @param delayFirstFifth the same for the events accepted in the first fifth of the run
 * @param delayLastFifth and in the last fifth: much larger than the first fifth means consumers fell behind
 * @param lost events missing at one or more places their rules name
 * @param misrouted events present at one or more places their rules do not name
 * @param duplicated events present more than once at one or more places (possible under at-least-once)
 * @param altered events whose content differs somewhere from what the producer accepted
 * @param problems other findings, one sentence each
 * @param deliveries every consumer's first receipt of every event: when it was accepted and handled (not in the JSON:
 *     for tools that look at the delay over time, e.g. during a fault)
 */
public record VerificationReport(String runId, @JsonIgnore Instant verifiedAt, long accepted, Long summaryAccepted, Map<String, Long> acceptedByType,
        Stage raw, List<Stage> topics, List<Stage> consumers, Delay delay, Delay delayFirstFifth, Delay delayLastFifth, long lost, long misrouted, long duplicated, long altered,
        List<String> problems, @JsonIgnore List<Delivery> deliveries) {

    /**
     * One event handled by one consumer group (its first receipt).
     *
     * @param consumerGroup the group
     * @param eventId the event
     * @param acceptedAt when the producer accepted it
     * @param handledAt when the consumer handled it first
     */
    public record Delivery(String consumerGroup, String eventId, Instant acceptedAt, Instant handledAt) {

        /** Producer accept → consumer handled. */
        public Duration delay() {
            return Duration.between(acceptedAt, handledAt);
        }
    }

    /** Extra copies of events in Kafka: in the raw topic and in the routed topics (at-least-once redelivery). */
    @JsonProperty
    public long duplicatesDelivered() {
        return raw.duplicated() + topics.stream().mapToLong(Stage::duplicated).sum();
    }

    /**
     * Events a consumer handled more than once (more than one delivery receipt from one group): what reaches a
     * consumer's handler after the SDK; whether its view counts them twice is up to the view's own dedupe.
     */
    @JsonProperty
    public long duplicatesHandled() {
        return consumers.stream().mapToLong(Stage::duplicated).sum();
    }

    /** Events of the run in a dead-letter topic: the raw stage's and the routed topics' ({@code <topic>-dlq}). */
    @JsonProperty
    public long deadLettered() {
        return raw.deadLettered() + topics.stream().mapToLong(Stage::deadLettered).sum();
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** No event lost, misrouted or altered, at least one event checked, and no other problem. */
    public boolean passed() {
        return accepted > 0 && lost == 0 && misrouted == 0 && altered == 0 && problems.isEmpty();
    }

    public String toJson() {
        ObjectNode json = JSON.createObjectNode().put("passed", passed()).put("verifiedAt", verifiedAt.toString());
        json.setAll((ObjectNode) JSON.valueToTree(this));
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, toJson() + "\n");
    }

    /** The report as the table {@code load-test/verify} prints. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "run %s: %d events accepted by the producer %s%s%n", runId, accepted, acceptedByType,
                summaryAccepted == null ? "" : " (load tool: " + summaryAccepted + ")"));
        text.append(String.format(Locale.ROOT, "%-62s %8s %9s %6s %9s %10s %7s %6s %9s %9s %9s%n", "where", "expected", "delivered",
                "lost", "misrouted", "duplicated", "altered", "dlq", "p50 ms", "p95 ms", "p99 ms"));
        row(text, "topic " + raw.name(), raw);
        topics.forEach(stage -> row(text, "topic " + stage.name(), stage));
        consumers.forEach(stage -> row(text, "consumer " + stage.name(), stage));
        text.append(String.format(Locale.ROOT, "end-to-end delay (producer accept → consumer handled), %d deliveries: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                delay.count(), delay.p50(), delay.p95(), delay.p99(), delay.max()));
        text.append(String.format(Locale.ROOT, "  events accepted in the first fifth of the run: p50 %.1f ms, p99 %.1f ms; in the last fifth: p50 %.1f ms, p99 %.1f ms%n",
                delayFirstFifth.p50(), delayFirstFifth.p99(), delayLastFifth.p50(), delayLastFifth.p99()));
        text.append(String.format(Locale.ROOT, "duplicates: %d delivered again in Kafka topics, %d handled again by consumers; %d dead-lettered%n",
                duplicatesDelivered(), duplicatesHandled(), deadLettered()));
        problems.forEach(problem -> text.append("problem: ").append(problem).append(System.lineSeparator()));
        text.append(String.format(Locale.ROOT, "%s: %d lost, %d misrouted, %d duplicated, %d altered%n", passed() ? "PASSED" : "FAILED",
                lost, misrouted, duplicated, altered));
        return text.toString();
    }

    private static void row(StringBuilder text, String where, Stage stage) {
        boolean timed = stage.delay().count() > 0;
        text.append(String.format(Locale.ROOT, "%-62s %8d %9d %6d %9d %10d %7d %6d %9s %9s %9s%n", abbreviate(where), stage.expected(),
                stage.delivered(), stage.lost(), stage.misrouted(), stage.duplicated(), stage.altered(), stage.deadLettered(),
                timed ? String.format(Locale.ROOT, "%.1f", stage.delay().p50()) : "-",
                timed ? String.format(Locale.ROOT, "%.1f", stage.delay().p95()) : "-",
                timed ? String.format(Locale.ROOT, "%.1f", stage.delay().p99()) : "-"));
        stage.examples().forEach(example -> text.append("    ").append(example).append(System.lineSeparator()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 62 ? text : text.substring(0, 59) + "...";
    }
}
