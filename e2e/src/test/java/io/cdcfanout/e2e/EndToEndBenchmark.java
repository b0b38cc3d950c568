package io.cdcfanout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.loaddriver.Scenario;
import io.cdcfanout.verifier.VerificationReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code load-test/benchmark}: on the whole local stack (free ports, its own data), after a warm-up, steps the arrival
 * rate up (×{@value #STEP_FACTOR} from {@code benchmark.start-rate}, {@code benchmark.step-seconds} each) until the
 * producer itself no longer keeps up, and records per step
 * <ul>
 *   <li>whether the producer kept up (no arrival dropped for want of a free sender, ≥ 98 % of the target accepted, p95
 *       under 1 s): the highest such rate is the <b>producer-only</b> throughput;</li>
 *   <li>whether the whole pipeline kept up as well: every event reached every consumer its rules name within 30 s of
 *       the step's end, and the delay did not grow over the step (last fifth's p50 at most twice the first fifth's
 *       + 250 ms), i.e. consumer lag stayed bounded: the highest such rate is the <b>sustained end-to-end</b>
 *       throughput, reported as a ratio of producer-only;</li>
 * </ul>
 * then the end-to-end delay p50/p95/p99 (producer accept → consumer handled) at a fixed moderate rate. A closed-loop
 * burst (16 senders) is recorded too, for comparison with the producer's own benchmark. Prints the numbers and writes
 * {@code benchmarks/results/end-to-end.json}, with the load driver's CPU per request (this JVM's; the stack's components
 * run as processes of their own) to show it was not the limit. Not a test: no timing is asserted.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class EndToEndBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double STEP_FACTOR = 1.3;
    private static final int MAX_STEPS = 14;

    private final int stepSeconds = Integer.getInteger("benchmark.step-seconds", 30);
    private final double startRate = Double.parseDouble(System.getProperty("benchmark.start-rate", "40"));
    private final double moderateRate = Double.parseDouble(System.getProperty("benchmark.moderate-rate", "50"));
    private final int moderateSeconds = Integer.getInteger("benchmark.moderate-seconds", 60);
    private final Path out = Path.of(System.getProperty("benchmark.out", "benchmarks/results/end-to-end.json"));

    @Test
    void measure() throws Exception {
        ObjectNode result = JSON.createObjectNode();
        result.put("startedAt", Instant.now().toString()).put("cores", Runtime.getRuntime().availableProcessors())
                .put("loadAverageBefore", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                .put("stepSeconds", stepSeconds);
        try (FullPipeline pipeline = FullPipeline.start()) {
            LoadSummary warmup = pipeline.load(new Scenario.ArrivalRate(50, Duration.ofSeconds(30), 256), "warmup");
            pipeline.verify(warmup.runId(), warmup.totalAccepted(), Duration.ofMinutes(2));

            ArrayNode steps = result.putArray("steps");
            double producerOnly = 0;
            double sustained = 0;
            double rate = startRate;
            for (int step = 0; step < MAX_STEPS; step++, rate = Math.floor(rate * STEP_FACTOR)) {
                LoadSummary load = pipeline.load(new Scenario.ArrivalRate(rate, Duration.ofSeconds(stepSeconds), 256), "step-" + (int) rate);
                VerificationReport report = pipeline.verify(load.runId(), load.totalAccepted(), Duration.ofSeconds(30));
                boolean producerKeptUp = load.dropped() == 0 && load.totalAccepted() >= 0.98 * rate * stepSeconds
                        && load.httpDurationMs().get("p95") < 1000;
                boolean bounded = report.delayLastFifth().p50() <= 2 * report.delayFirstFifth().p50() + 250;
                boolean pipelineKeptUp = producerKeptUp && report.passed() && bounded;
                steps.addObject().put("targetRate", rate).put("acceptedPerSecond", round(load.acceptedPerSecond()))
                        .put("dropped", load.dropped()).put("httpP95Ms", load.httpDurationMs().get("p95"))
                        .put("lost", report.lost()).put("misrouted", report.misrouted())
                        .put("p50FirstFifthMs", report.delayFirstFifth().p50()).put("p50LastFifthMs", report.delayLastFifth().p50())
                        .put("p99Ms", report.delay().p99()).put("producerKeptUp", producerKeptUp).put("pipelineKeptUp", pipelineKeptUp)
                        .put("driverCpuMsPerRequest", load.clientCpu().cpuMsPerRequest());
                System.out.printf(Locale.ROOT, "step %6.0f/s: accepted %6.1f/s dropped %d http p95 %.0f ms, lost %d, delay p50 first fifth %.0f ms,"
                        + " last fifth %.0f ms, p99 %.0f ms, driver CPU %.3f ms/request -> producer %s, pipeline %s%n", rate, load.acceptedPerSecond(),
                        load.dropped(), load.httpDurationMs().get("p95"), report.lost(), report.delayFirstFifth().p50(), report.delayLastFifth().p50(),
                        report.delay().p99(), load.clientCpu().cpuMsPerRequest(), producerKeptUp ? "kept up" : "FELL BEHIND",
                        pipelineKeptUp ? "kept up" : "FELL BEHIND");
                if (pipelineKeptUp && sustained == producerOnly) {
                    sustained = rate;
                }
                if (!producerKeptUp) {
                    break;
                }
                producerOnly = rate;
                // let a pipeline that fell behind drain before the next step measures from a clean start
                pipeline.verify(load.runId(), load.totalAccepted(), Duration.ofMinutes(3));
            }
            result.put("producerOnlyEventsPerSecond", producerOnly).put("sustainedEventsPerSecond", sustained)
                    .put("sustainedToProducerOnly", producerOnly == 0 ? 0 : round(sustained / producerOnly));

            LoadSummary burst = pipeline.load(new Scenario.Batch(500, 4), "closed-loop");
            result.put("closedLoop16SendersEventsPerSecond", round(burst.acceptedPerSecond())).put("closedLoopP95Ms", burst.httpDurationMs().get("p95"))
                    .put("closedLoopDriverCpuMsPerRequest", burst.clientCpu().cpuMsPerRequest());
            pipeline.verify(burst.runId(), burst.totalAccepted(), Duration.ofMinutes(5));

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
