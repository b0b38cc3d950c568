package io.cdcfanout.sdk.consumer.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's own thread per operation, in ns: unlike events/s of wall-clock time, it hardly changes
 * when other processes take the shared machine's cores away, so the ratio of two benchmarks' CPU time per event stays
 * comparable from one run to the next. The JIT compiler's and the garbage collector's threads are left out (on a
 * starved machine they are still compiling during the measurement); what allocation costs them shows as B/op with
 * {@code -prof gc}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    static final String RESULT = "cpu.ns/op";
    /** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
    private static final String WORKER = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> cpuAtStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = workerCpuTimes();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = 0;
        for (Map.Entry<Long, Long> worker : workerCpuTimes().entrySet()) {
            // A worker started during the iteration (the first one) counts from zero.
            cpu += worker.getValue() - cpuAtStart.getOrDefault(worker.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        return List.of(new ScalarResult(RESULT, ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpuTimes() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(WORKER)) {
                cpu.put(thread.threadId(), threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return cpu;
    }
}
