package io.cdcfanout.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.loaddriver.Scenario;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code load-test/benchmark}: on the whole local stack (free ports, its own data), measures
 * <ol>
 *   <li>producer-only throughput: accepted events/s of a closed-loop burst against the producer API (the pipeline
 *       behind it running, as in production);</li>
 *   <li>sustained end-to-end throughput: arrival rates in steps of that throughput, each for
 *       {@code benchmark.step-seconds}; a step is sustained when the producer kept up, every event reached every
 *       consumer its rules name within the drain time, and the delay did not grow over the step (last fifth's p50
 *       at most twice the first fifth's + 250 ms): lag stayed bounded;</li>
 *   <li>end-to-end delay p50/p95/p99 (producer accept → consumer handled) at a fixed moderate rate.</li>
 * </ol>
 * Prints the table and writes {@code benchmarks/results/end-to-end.json}. Not a test: no timing is asserted.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class EndToEndBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Fractions of the producer-only throughput; above 1 shows whether an open arrival rate gets more through than the closed loop. */
    private static final double[] STEPS = {0.2, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5};

    private final int stepSeconds = Integer.getInteger("benchmark.step-seconds", 30);
    private final double moderateRate = Double.parseDouble(System.getProperty("benchmark.moderate-rate", "50"));
    private final int moderateSeconds = Integer.getInteger("benchmark.moderate-seconds", 60);
    private final Path out = Path.of(System.getProperty("benchmark.out", "benchmarks/results/end-to-end.json"));

    @Test
    void measure() throws Exception {
        ObjectNode result = JSON.createObjectNode();
        result.put("startedAt", Instant.now().toString()).put("cores", Runtime.getRuntime().availableProcessors())
                .put("loadAverageBefore", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (FullPipeline pipeline = FullPipeline.start()) {
            pipeline.load(new Scenario.Batch(50, 2), "warmup");

            LoadSummary burst = pipeline.load(new Scenario.Batch(500, 4), "producer-only");
            double producerOnly = burst.acceptedPerSecond();
            result.put("producerOnlyEventsPerSecond", round(producerOnly)).put("producerOnlyP95Ms", burst.httpDurationMs().get("p95"));
            System.out.printf(Locale.ROOT, "producer only: %.1f accepted events/s (closed loop, 16 senders)%n", producerOnly);
            pipeline.verify(burst.runId(), burst.totalAccepted(), Duration.ofMinutes(5)); // drain the burst before stepping

            ArrayNode steps = result.putArray("steps");
            double sustained = 0;
            for (double fraction : STEPS) {
                double rate = Math.max(4, Math.floor(producerOnly * fraction));
                LoadSummary load = pipeline.load(new Scenario.ArrivalRate(rate, Duration.ofSeconds(stepSeconds), 256), "step-" + (int) rate);
                VerificationReport report = pipeline.verify(load.runId(), load.totalAccepted(), Duration.ofSeconds(30));
                boolean producerKeptUp = load.dropped() == 0 && load.totalAccepted() >= 0.98 * rate * stepSeconds;
                boolean bounded = report.delayLastFifth().p50() <= 2 * report.delayFirstFifth().p50() + 250;
                boolean ok = producerKeptUp && report.passed() && bounded;
                steps.addObject().put("targetRate", rate).put("acceptedPerSecond", round(load.acceptedPerSecond()))
                        .put("dropped", load.dropped()).put("lost", report.lost()).put("misrouted", report.misrouted())
                        .put("p50FirstFifthMs", report.delayFirstFifth().p50()).put("p50LastFifthMs", report.delayLastFifth().p50())
                        .put("p99Ms", report.delay().p99()).put("sustained", ok);
                System.out.printf(Locale.ROOT, "step %6.0f/s: accepted %6.1f/s dropped %d lost %d, delay p50 first fifth %.0f ms, last fifth %.0f ms, p99 %.0f ms -> %s%n",
                        rate, load.acceptedPerSecond(), load.dropped(), report.lost(), report.delayFirstFifth().p50(), report.delayLastFifth().p50(),
                        report.delay().p99(), ok ? "sustained" : "NOT sustained");
                if (!ok) {
                    break;
                }
                sustained = rate;
            }
            result.put("sustainedEventsPerSecond", sustained).put("sustainedToProducerOnly", round(sustained / producerOnly));

            LoadSummary moderate = pipeline.load(new Scenario.ArrivalRate(moderateRate, Duration.ofSeconds(moderateSeconds), 256), "moderate");
            VerificationReport report = pipeline.verify(moderate.runId(), moderate.totalAccepted(), Duration.ofMinutes(2));
            result.put("moderateRate", moderateRate).put("moderateSeconds", moderateSeconds).put("moderatePassed", report.passed());
            result.set("moderateDelayMs", JSON.valueToTree(report.delay()));
            System.out.print(report.toText());
        }
        result.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JSON.writeValueAsString(result) + "\n");
        System.out.println(JSON.writeValueAsString(result));
        assertThat(out).exists();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
