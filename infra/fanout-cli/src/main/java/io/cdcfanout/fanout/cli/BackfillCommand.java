package io.cdcfanout.fanout.cli;

import io.cdcfanout.fanout.pipeline.Backfill.Progress;
import io.cdcfanout.fanout.pipeline.Backfill;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import io.cdcfanout.fanout.pipeline.PointInTime;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "backfill", description = {
        "Gives a rule's topic the events accepted before it existed: reads the producer's history (table",
        "business_event) in the order it was accepted, and writes each event the rule matches to the rule's topic",
        "only, exactly once (a Kafka transaction per page, with the run's progress). Consumers of other rules get",
        "nothing. Live traffic goes on meanwhile. Prints the plan, then progress; Ctrl-C stops after the current page,",
        "and the same command resumes. Exit code: 0 done (or planned, --dry-run); 1 refused or failed; 2 bad arguments;",
        "3 stopped before the end. See docs/OPERATIONS.md (\"Backfill a new consumer\")."})
final class BackfillCommand implements Callable<Integer> {

    /** Exit code when the run stopped (Ctrl-C) before its end: resumable. */
    static final int STOPPED = 3;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    @ParentCommand
    FanoutCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rule", paramLabel = "RULE_ID", description = "The rule whose topic to backfill (its id in the rules file).")
    String ruleId;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only events accepted at or after this time (default: from the first). "
            + PointInTime.FORMS + ".")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only events accepted before this time (default: the first event already in"
            + " the rule's topic plus 60 s, or now when it holds none: from there on, events reach the topic live). Same forms as --since.")
    String until;

    @Option(names = "--dry-run", description = "Print the plan (window, events, consumer groups reached) and write nothing.")
    boolean dryRun;

    @Option(names = "--restart", description = "Start anew: drop an unfinished run, or backfill a rule again that was backfilled already.")
    boolean restart;

    @Option(names = "--status", description = "Print every rule's last backfill (state, progress, window) and exit.")
    boolean status;

    @Option(names = "--cancel", description = "Drop the rule's unfinished run (stops it if it runs elsewhere); the next backfill starts anew.")
    boolean cancel;

    @Option(names = "--page-rows", paramLabel = "N", defaultValue = "" + Backfill.DEFAULT_PAGE_ROWS,
            description = "History rows per page and Kafka transaction (default: ${DEFAULT-VALUE}).")
    int pageRows;

    @Option(names = "--rules", paramLabel = "FILE", description = "The routing rules file (default: flink-jobs/routing-rules.yaml of this checkout).")
    Path rulesFile;

    @Option(names = "--target", paramLabel = "FILE", description = "The deployment described by this properties file instead of the local stack"
            + " (as ./fanout status --target); it needs db.jdbc-url, db.user and db.password of a role that may read business_event.")
    Path target;

    @Override
    public Integer call() throws Exception {
        if (!status && ruleId == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rule is required (or --status)");
        }
        if (pageRows < 1 || pageRows > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--page-rows " + pageRows + " is not between 1 and 100000");
        }
        Instant now = Instant.now();
        Instant from;
        Instant to;
        try {
            from = since == null ? null : PointInTime.parse("--since", since, now);
            to = until == null ? null : PointInTime.parse("--until", until, now);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (until != null && to == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--until " + until + " is before every event: nothing to backfill");
        }
        PipelineTarget where = KafkaTarget.resolve(target, parent);
        if (where.jdbcUrl().isEmpty()) {
            throw new StackException(target == null ? "PostgreSQL is not running; ./fanout up starts it"
                    : target + ": the backfill reads business_event: set db.jdbc-url, db.user and db.password");
        }
        try (Admin admin = KafkaTarget.admin(where)) {
            Backfill backfill = new Backfill(admin, where.kafka(), where.jdbcUrl(), where.dbUser(), where.dbPassword(), where.schemaRegistryUrl());
            if (status) {
                return printStatus(backfill.progress());
            }
            if (cancel) {
                Optional<Progress> cancelled = backfill.cancel(ruleId);
                System.out.println(cancelled.map(p -> "Cancelled run " + p.runId() + " of rule " + ruleId + " at " + p.scanned() + " of "
                        + p.total() + " rows (" + p.written() + " record(s) written stay in " + p.topic() + ").")
                        .orElse("Rule " + ruleId + " has no unfinished backfill: nothing cancelled."));
                return 0;
            }
            RuleSet rules = rules();
            Rule rule = rule(rules);
            Backfill.Plan plan = backfill.plan(rule, rules.deployable(), from, to, restart);
            printPlan(plan);
            if (dryRun) {
                System.out.println("Dry run: nothing written. Run it without --dry-run to backfill.");
                return 0;
            }
            return execute(backfill, plan);
        } catch (Backfill.BackfillException e) {
            System.err.println("fanout: " + e.getMessage());
            return FanoutCommand.FAILED;
        }
    }

    private int execute(Backfill backfill, Backfill.Plan plan) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger exitCode = new AtomicInteger(STOPPED);
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C (or a TERM): finish the page in flight, so its records and progress commit together, then exit with
        // STOPPED (halt: a JVM ending on a signal would exit 130/143, and System.exit cannot run during shutdown).
        Thread onSignal = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "backfill-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            ProgressLine line = new ProgressLine(plan.resumes() == null ? 0 : plan.resumes().scanned());
            Progress last = backfill.run(plan, pageRows, stop, line::print);
            if (last.state() == Backfill.State.DONE) {
                System.out.println("Done: " + last.scanned() + " event(s) scanned, " + last.written() + " record(s) written to " + last.topic()
                        + " (run " + last.runId() + ").");
                if (last.deadLettered() > 0) {
                    System.out.println(last.deadLettered() + " matching event(s) do not fit the rule's Avro schema: written to "
                            + GeneratorOptions.DLQ_TOPIC + " with the reason, as the routing job does (./fanout dlq list " + GeneratorOptions.DLQ_TOPIC + ").");
                }
                exitCode.set(0);
                return 0;
            }
            line.printNow(last);
            System.out.println("Stopped after " + last.scanned() + " of " + last.total() + " event(s); " + last.written()
                    + " record(s) written. The same command resumes it; --cancel drops it.");
            return STOPPED;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // Shutting down already (the signal came): the hook is running and lets the JVM exit.
            }
        }
    }

    private RuleSet rules() throws StackException {
        Path file = rulesFile != null ? rulesFile : FanoutCommand.repoRoot().resolve("flink-jobs/routing-rules.yaml");
        try {
            return new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(file);
        } catch (java.io.IOException e) {
            throw new StackException("cannot read the rules file " + file + ": " + e.getMessage());
        } catch (RulesException e) {
            throw new StackException(file + " is not valid (flink-jobs/route validate tells why): " + e.getMessage());
        }
    }

    private Rule rule(RuleSet rules) {
        Rule rule = rules.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), "no rule '" + ruleId + "'; rules: "
                        + rules.rules().stream().map(Rule::id).collect(Collectors.joining(", "))));
        if (!rule.deployable()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "rule '" + ruleId + "' is not deployed (enabled: " + rule.enabled()
                    + ", status: " + rule.status() + "): the routing job does not route it, so a backfill would leave a gap after it");
        }
        return rule;
    }

    private static void printPlan(Backfill.Plan plan) {
        Rule rule = plan.rule();
        System.out.println("Backfill of rule " + rule.id() + " into topic " + rule.outputTopic());
        System.out.println("  window:   events accepted " + (plan.since() == null ? "from the first" : "from " + plan.since()) + " until " + plan.until());
        System.out.println("            (end: " + plan.untilReason() + ")");
        System.out.println("  history:  " + plan.total() + " event(s) in the window; those the rule matches are written");
        System.out.println("  reaches:  " + (plan.groups().isEmpty() ? "no consumer group has read " + rule.outputTopic() + " yet (a new one will find the events there)"
                : "consumer group(s) " + String.join(", ", plan.groups())) + "; no other topic");
        if (!plan.sharingRules().isEmpty()) {
            System.out.println("  note:     rule(s) " + String.join(", ", plan.sharingRules()) + " write to the same topic: their consumers receive the"
                    + " backfill too (and skip what they handled, by event id)");
        }
        if (plan.resumes() != null) {
            Progress run = plan.resumes();
            System.out.println("  resumes:  run " + run.runId() + " at " + run.scanned() + " of " + run.total() + " event(s), " + run.written()
                    + " record(s) written");
        }
    }

    private static int printStatus(Map<String, Progress> runs) {
        if (runs.isEmpty()) {
            System.out.println("No backfill was run on this cluster.");
            return 0;
        }
        String format = "%-32s %-9s %-36s %21s %10s %-26s %s%n";
        System.out.printf(format, "RULE", "STATE", "RUN", "SCANNED/TOTAL", "WRITTEN", "UNTIL", "UPDATED");
        runs.values().forEach(p -> System.out.printf(format, p.rule(), p.state(), p.runId(), p.scanned() + "/" + p.total(), p.written(),
                p.until(), p.updatedAt()));
        return 0;
    }

    /** Progress on the terminal: rows scanned of total, records written, rate and time left, every few seconds. */
    private static final class ProgressLine {
        private final long startScanned;
        private final long startNanos = System.nanoTime();
        private long lastPrinted;

        ProgressLine(long startScanned) {
            this.startScanned = startScanned;
        }

        void print(Progress progress) {
            if (progress.state() == Backfill.State.DONE || System.nanoTime() - lastPrinted >= PROGRESS_EVERY.toNanos()) {
                printNow(progress);
            }
        }

        void printNow(Progress progress) {
            lastPrinted = System.nanoTime();
            double seconds = Math.max(1e-3, (lastPrinted - startNanos) / 1e9);
            double rate = (progress.scanned() - startScanned) / seconds;
            long left = Math.max(0, progress.total() - progress.scanned());
            String eta = rate <= 0 ? "?" : formatDuration(Duration.ofSeconds((long) Math.ceil(left / rate)));
            double percent = progress.total() == 0 ? 100 : 100.0 * Math.min(progress.scanned(), progress.total()) / progress.total();
            System.out.printf("  %d / %d events scanned (%.1f%%), %d written, %.0f events/s, ETA %s%n", progress.scanned(), progress.total(),
                    percent, progress.written(), rate, eta);
        }

        private static String formatDuration(Duration duration) {
            long s = duration.toSeconds();
            return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
    }
}
