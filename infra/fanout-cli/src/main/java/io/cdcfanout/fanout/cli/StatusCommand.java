package io.cdcfanout.fanout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdcfanout.fanout.pipeline.ParkedRecords;
import io.cdcfanout.fanout.pipeline.PipelineInspector;
import io.cdcfanout.fanout.pipeline.PipelineReport;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import io.cdcfanout.localstack.ComponentStatus;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = {
        "Shows every component: healthy, unhealthy (running but not answering), exited (crashed) or stopped.",
        "--pipeline adds the operator's view: topic offsets and rates, consumer lag, connectors, replication slots",
        "and the WAL they retain, parked records, Flink jobs and app health; --target inspects a remote deployment instead.",
        "Exit code: 0 without problems; 3 while there is one (a component exited, a FAILED connector, task or Flink job,",
        "unhandled parked records; printed as PROBLEM lines with what to do); 1 when the status could not be taken."})
final class StatusCommand implements Callable<Integer> {

    /** Where {@code --pipeline} keeps its last sample of the local stack, for rates ({@link io.cdcfanout.localstack.StackContext#toolFile}). */
    static final String PIPELINE_SAMPLE_FILE = "pipeline-sample.json";
    /** The same for {@code --target}. */
    static final String REMOTE_PIPELINE_SAMPLE_FILE = "pipeline-sample-remote.json";

    /** Exit code while something stops events from being delivered. */
    static final int PROBLEMS = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    FanoutCommand parent;

    @Option(names = "--json", description = "JSON: an array of {name, state, address, pid, log, description}; with --pipeline an object "
            + "{components, pipeline} (pipeline.problems lists the problems). The exit code is the same as without --json.")
    boolean json;

    @Option(names = "--pipeline", description = "Also inspect the pipeline: topics, consumer lag, connectors, replication slots, Flink jobs, app health.")
    boolean pipeline;

    @Option(names = "--target", paramLabel = "FILE", description = "Inspect the deployment described by this properties file (implies --pipeline); see docs/OPERATIONS.md.")
    Path target;

    @Option(names = "--wal-warning-bytes", paramLabel = "BYTES", defaultValue = "1073741824",
            description = "Warn when a replication slot retains more WAL than this (default: ${DEFAULT-VALUE}, 1 GiB).")
    long walWarningBytes;

    @Override
    public Integer call() throws Exception {
        if (walWarningBytes < 0) {
            throw new StackException("--wal-warning-bytes must be 0 or more, not " + walWarningBytes);
        }
        Stack stack = parent.stack(false);
        List<ComponentStatus> status = target == null ? stack.status() : List.of();
        PipelineReport report = null;
        List<String> problems = new ArrayList<>();
        status.stream().filter(s -> ComponentStatus.EXITED.equals(s.state()))
                .forEach(s -> problems.add(s.name() + " has exited; ./fanout logs " + s.name() + " shows why, ./fanout up starts it again"));
        PipelineTarget where = target == null ? KafkaTarget.of(stack, walWarningBytes) : KafkaTarget.load(target);
        Path sample = stack.context().toolFile(target == null ? PIPELINE_SAMPLE_FILE : REMOTE_PIPELINE_SAMPLE_FILE);
        PipelineInspector inspector = new PipelineInspector(where, sample);
        if (pipeline || target != null) {
            report = inspector.inspect();
            problems.addAll(report.problems());
        } else {
            problems.addAll(inspector.problems());
        }
        int exitCode = problems.isEmpty() ? 0 : PROBLEMS;
        if (json) {
            if (report == null) {
                System.out.println(JSON.writeValueAsString(status));
            } else {
                Map<String, Object> both = new LinkedHashMap<>();
                both.put("components", status);
                both.put("pipeline", report);
                System.out.println(JSON.writeValueAsString(both));
            }
            return exitCode;
        }
        if (target == null) {
            printTable(status);
        }
        if (report != null) {
            printPipeline(report);
        }
        if (!problems.isEmpty()) {
            System.out.println();
            problems.forEach(problem -> System.out.println("PROBLEM: " + problem));
        }
        return exitCode;
    }

    static void printTable(List<ComponentStatus> status) {
        String format = "%-22s %-10s %-8s %s%n";
        System.out.printf(format, "COMPONENT", "STATE", "PID", "ADDRESS");
        for (ComponentStatus s : status) {
            System.out.printf(format, s.name(), s.state(), s.pid() == 0 ? "-" : Long.toString(s.pid()), s.address().isEmpty() ? "-" : s.address());
        }
    }

    private static void printPipeline(PipelineReport report) {
        System.out.printf("%n%-40s %10s %14s %12s%n", "TOPIC", "PARTITIONS", "END OFFSET", "MSG/S");
        report.topics().forEach(t -> System.out.printf("%-40s %10d %14d %12s%n", t.name(), t.partitions(), t.endOffset(), rate(t.messagesPerSecond())));
        System.out.printf("%n%-32s %-40s %10s %12s%n", "CONSUMER GROUP", "TOPIC", "LAG", "LAG CHANGE/S");
        report.groups().forEach(g -> System.out.printf("%-32s %-40s %10d %12s%n", g.group(), g.topic(), g.lag(), rate(g.lagGrowthPerSecond())));
        if (report.parked() != null) {
            System.out.printf("%n%-40s %10s %10s %s%n", "PARKED TOPIC", "RECORDS", "UNHANDLED", "NEWEST EVENT ID");
            System.out.printf("%-40s %10d %10d %s%n", ParkedRecords.TOPIC, report.parked().total(), report.parked().unhandled(),
                    report.parked().newestEventId() == null ? "-" : report.parked().newestEventId());
        }
        System.out.printf("%n%-32s %-10s %s%n", "CONNECTOR", "STATE", "TASKS");
        report.connectors().forEach(c -> System.out.printf("%-32s %-10s %s%n", c.name(), c.state(), c.taskStates()));
        System.out.printf("%n%-32s %-7s %16s %14s%n", "REPLICATION SLOT", "ACTIVE", "RETAINED WAL", "GROWTH B/S");
        report.slots().forEach(s -> System.out.printf("%-32s %-7s %16d %14s%s%n", s.name(), s.active(), s.retainedWalBytes(),
                rate(s.growthBytesPerSecond()), s.overThreshold() ? "   WARNING" : ""));
        System.out.printf("%n%-40s %s%n", "FLINK JOB", "STATE");
        report.jobs().forEach(j -> System.out.printf("%-40s %s%n", j.name(), j.state()));
        System.out.printf("%n%-24s %-12s %s%n", "APP", "READINESS", "URL");
        report.health().forEach(h -> System.out.printf("%-24s %-12s %s%n", h.name(), h.state(), h.url()));
        System.out.println();
        if (report.warnings().isEmpty()) {
            System.out.println("No warnings.");
        } else {
            report.warnings().forEach(w -> System.out.println("WARNING: " + w));
        }
    }

    private static String rate(Double value) {
        return value == null ? "-" : String.format("%.1f", value);
    }
}
