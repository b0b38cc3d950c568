package io.cdcfanout.sdk.consumer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecodeBenchmark} in rounds (system property {@code rounds}, default 3), prints for each benchmark its
 * events/s and its events per CPU-second ({@link CpuTimeProfiler}), the SDK/baseline ratios of each round and their
 * medians, and writes everything, with the load average before and after, to {@code benchmarks/results/sdk-consumer.txt}. Run it from
 * the root of the checkout (sdk/README.md).
 *
 * <p>On a shared machine the wall-clock rate of a benchmark follows the load of the other processes more than its own
 * cost; the CPU time it uses per event hardly does, hence the CPU ratio next to the wall-clock one. Rounds, and the
 * median of their ratios, so that one disturbed round does not decide; within a round each SDK benchmark runs right
 * after its baseline.
 */
public final class DecodeBenchmarkMain {

    private DecodeBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        String loadBefore = loadAverage();
        StringBuilder report = new StringBuilder("cdc-fanout consumer SDK benchmark, ").append(Instant.now())
                .append(", Java ").append(System.getProperty("java.version")).append(", 1 thread, ")
                .append(rounds).append(" rounds\n");
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, Double> perSecond = new LinkedHashMap<>();
            Map<String, Double> perCpuSecond = new LinkedHashMap<>();
            report.append(String.format(Locale.ROOT, "%nround %d%n", round));
            for (RunResult result : runOnce()) {
                String name = result.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.') + 1);
                Result<?> wall = result.getPrimaryResult();
                double cpuNanos = result.getSecondaryResults().get(CpuTimeProfiler.RESULT).getScore();
                perSecond.put(name, wall.getScore());
                perCpuSecond.put(name, 1e9 / cpuNanos);
                report.append(String.format(Locale.ROOT, "%-26s %,10.0f ± %,10.0f events/s (99.9%% CI)   %,10.0f events/CPU-s%n",
                        name, wall.getScore(), wall.getScoreError(), 1e9 / cpuNanos));
            }
            record(ratios, "JSON events/s", perSecond.get("jsonSdkDecodeAndDispatch") / perSecond.get("jsonBareJackson"));
            record(ratios, "JSON events/CPU-s", perCpuSecond.get("jsonSdkDecodeAndDispatch") / perCpuSecond.get("jsonBareJackson"));
            record(ratios, "Avro events/s", perSecond.get("avroSdkDecodeAndDispatch") / perSecond.get("avroBareDecode"));
            record(ratios, "Avro events/CPU-s", perCpuSecond.get("avroSdkDecodeAndDispatch") / perCpuSecond.get("avroBareDecode"));
            report.append("SDK / bare:");
            ratios.forEach((name, values) -> report.append(String.format(Locale.ROOT, " %s %.2f;", name, values.getLast())));
            report.append('\n');
        }
        report.append("\nSDK decode+dispatch / bare (JSON: Jackson tree parse, Avro: generic decode), median of the rounds:\n");
        ratios.forEach((name, values) -> report.append(String.format(Locale.ROOT, "%-18s %.2f  (rounds: %s)%n",
                name, median(values), rounded(values))));
        report.append("load average (1, 5, 15 min) before: ").append(loadBefore).append(", after: ").append(loadAverage()).append('\n');
        System.out.println();
        System.out.print(report);
        Path out = Path.of("benchmarks/results/sdk-consumer.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("written to " + out);
    }

    private static void record(Map<String, List<Double>> ratios, String name, double ratio) {
        ratios.computeIfAbsent(name, key -> new ArrayList<>()).add(ratio);
    }

    private static Collection<RunResult> runOnce() throws RunnerException {
        return new Runner(new OptionsBuilder()
                .include(DecodeBenchmark.class.getName())
                .addProfiler(CpuTimeProfiler.class)
                .forks(1)
                .threads(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build()).run();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static List<String> rounded(List<Double> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%.2f", value)).toList();
    }

    /** The first three fields of /proc/loadavg, as {@code uptime} shows them. */
    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }
}
