package io.cdcfanout.faults;

import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.verifier.VerificationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load-test/faults}: on a private copy of the whole local stack, under steady load from the load driver,
 * injects each fault once, repairs it, and verifies the run of each fault with the end-to-end verifier.
 */
@Command(name = "load-test/faults", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Injects each fault once under steady load on a private copy of the whole local stack (free ports, temporary "
            + "data; a ./fanout stack is not touched), verifies that nothing accepted was lost, misrouted or altered, prints a "
            + "table and writes a JSON report.", "Exit code 0: every fault passed; 1: a fault failed; 2: bad usage."})
public final class FaultSuite implements Callable<Integer> {

    /** Appended to the committed rules: an Avro route, so that the schema registry is on the pipeline's path. */
    static final String AVRO_RULE = """

              # Added by load-test/faults: every event as typed Avro (schemas registered in the schema registry).
              - id: fault-suite-avro
                name: Every event as Avro (fault suite)
                consumerId: fault-suite
                outputTopic: filtered-fault-suite-avro-events
                outputFormat: avro
                conditions:
                  - { field: eventType, operator: exists }
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fault", paramLabel = "ID", description = "Inject only this fault (repeatable); default: all, in this order: "
            + "kill-car-consumer, kill-loan-consumer, kill-loan-payment-consumer, kill-service-consumer, kill-connect, kill-kafka, "
            + "restart-postgres, kill-flink, stop-schema-registry, restart-stack.")
    List<String> only = List.of();

    @Option(names = "--rate", defaultValue = "200", description = "Events per second, the four types in turn (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--before", defaultValue = "30s", description = "Load before each fault (default ${DEFAULT-VALUE}).")
    String before;

    @Option(names = "--down", defaultValue = "20s", description = "How long each fault lasts before the restart (default ${DEFAULT-VALUE}).")
    String down;

    @Option(names = "--after", defaultValue = "60s", description = "Load after the restart is ready (default ${DEFAULT-VALUE}).")
    String after;

    @Option(names = "--warm-up", defaultValue = "30s", description = "Load before the first fault, verified, not reported; 0s for none (default ${DEFAULT-VALUE}).")
    String warmUp;

    @Option(names = "--max-in-flight", defaultValue = "2000",
            description = "Requests waiting for an answer at most; further arrivals are dropped and reported (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--retry-for", defaultValue = "5m",
            description = "How long the load driver retries one event, same body and id, on 503 or no answer (default ${DEFAULT-VALUE}).")
    String retryFor;

    @Option(names = "--verify-timeout", defaultValue = "3m",
            description = "How long the verifier waits for events still in flight after each run (default ${DEFAULT-VALUE}).")
    String verifyTimeout;

    @Option(names = "--out", defaultValue = "benchmarks/results/faults.json",
            description = "The JSON report, relative to the checkout (default ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultSuite()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Fault> faults;
        try {
            faults = selected(only);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fault: " + e.getMessage());
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be a positive number of events per second, got " + rate);
        }
        if (maxInFlight < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-in-flight must be a positive integer, got " + maxInFlight);
        }
        FaultRun.Timing timing = new FaultRun.Timing(rate, duration("--before", before), duration("--down", down), duration("--after", after),
                maxInFlight, duration("--retry-for", retryFor), duration("--verify-timeout", verifyTimeout));
        Duration warm = duration("--warm-up", warmUp);
        Path repo = TestStack.repoRoot();
        Path file = out.isAbsolute() ? out : repo.resolve(out);
        FaultReport report = run(repo, faults, timing, warm, file, System.out);
        return report.passed() ? 0 : 1;
    }

    /**
     * Runs the faults and writes the report to {@code file}.
     *
     * @param warmUp verified load before the first fault, or zero
     */
    static FaultReport run(Path repo, List<Fault> faults, FaultRun.Timing timing, Duration warmUp, Path file, PrintStream console)
            throws IOException, RulesException, StackException, InterruptedException, SQLException {
        Path results = Path.of(System.getenv().getOrDefault("LOAD_TEST_RESULTS", repo.resolve("load-test/results").toString()));
        Path rulesFile = withAvroRoute(repo.resolve("flink-jobs/routing-rules.yaml"), results.resolve("faults-routing-rules.yaml"));
        RuleSet rules = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(rulesFile);
        String startedAt = Clock.systemUTC().instant().toString();
        double loadBefore = loadAverage();
        List<FaultResult> done = new ArrayList<>();
        try (FaultStack stack = FaultStack.start(repo, rulesFile, List.of(repo.resolve("infra/connect/outbox-connector.json")), console);
                FaultRun run = new FaultRun(stack, rules, timing, results, console)) {
            if (!warmUp.isZero()) {
                VerificationReport warm = run.warmUp(warmUp);
                console.printf("warm-up: %d events, %s; delay p99 %.0f ms%n", warm.accepted(), warm.passed() ? "verified" : "NOT verified",
                        warm.delay().p99());
            }
            for (Fault fault : faults) {
                FaultResult result = run.run(fault);
                done.add(result);
                console.printf("%s: %s%n", fault.id(), result.passed() ? "passed" : "FAILED: " + String.join("; ", result.problems()));
            }
        }
        FaultReport report = new FaultReport(startedAt, schedule(timing), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), done);
        report.write(file);
        console.println();
        console.print(report.table());
        console.println("duplicates handled: events a consumer's handler ran more than once (receipts); whether a view counts them"
                + " twice depends on its own dedupe by event id.");
        console.print(report.findings());
        console.printf("%s; report written to %s%n", report.passed() ? "every fault passed" : "a fault FAILED", file);
        return report;
    }

    static List<Fault> selected(List<String> ids) {
        Map<String, Fault> byId = new LinkedHashMap<>();
        Fault.all().forEach(fault -> byId.put(fault.id(), fault));
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("unknown fault '" + id + "'; known: " + String.join(", ", byId.keySet()));
            }
        }
        return ids.isEmpty() ? List.copyOf(byId.values()) : byId.values().stream().filter(fault -> ids.contains(fault.id())).toList();
    }

    private Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + value + "' is not a duration like 500ms, 30s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    /** The committed rules with {@link #AVRO_RULE} appended, written to {@code target}. */
    static Path withAvroRoute(Path committed, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        String rules = Files.readString(committed);
        Files.writeString(target, rules + (rules.endsWith("\n") ? "" : "\n") + AVRO_RULE);
        return target;
    }

    private static Map<String, Number> schedule(FaultRun.Timing timing) {
        Map<String, Number> schedule = new LinkedHashMap<>();
        schedule.put("eventsPerSecond", timing.rate());
        schedule.put("beforeSeconds", timing.before().toSeconds());
        schedule.put("downSeconds", timing.downFor().toSeconds());
        schedule.put("afterSeconds", timing.after().toSeconds());
        schedule.put("maxInFlight", timing.maxInFlight());
        schedule.put("retrySeconds", timing.retryFor().toSeconds());
        return schedule;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
