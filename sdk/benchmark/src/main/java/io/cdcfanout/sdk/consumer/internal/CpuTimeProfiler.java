package io.cdcfanout.sdk.consumer.internal;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation (its garbage collection and compiler threads included), in ns: unlike
 * events/s of wall-clock time, it hardly changes when other processes take the shared machine's cores away, so the
 * ratio of two benchmarks' CPU time per event stays comparable from one run to the next.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    static final String RESULT = "cpu.ns/op";

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long ops = result.getMetadata().getAllOps();
        double nanosPerOp = ops == 0 ? Double.NaN : (double) (os.getProcessCpuTime() - cpuAtStart) / ops;
        return List.of(new ScalarResult(RESULT, nanosPerOp, "ns/op", AggregationPolicy.AVG));
    }
}
