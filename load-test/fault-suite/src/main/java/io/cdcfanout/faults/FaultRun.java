package io.cdcfanout.faults;

import io.cdcfanout.fanout.apps.CarConsumer;
import io.cdcfanout.fanout.apps.ConsumerApp;
import io.cdcfanout.fanout.apps.LoanConsumer;
import io.cdcfanout.fanout.apps.LoanPaymentConsumer;
import io.cdcfanout.fanout.apps.ServiceConsumer;
import io.cdcfanout.loaddriver.EventFactory;
import io.cdcfanout.loaddriver.LoadRunner;
import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.loaddriver.RetryPolicy;
import io.cdcfanout.loaddriver.Scenario;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.verifier.AcceptedEvents;
import io.cdcfanout.verifier.KafkaTopics;
import io.cdcfanout.verifier.VerificationReport;
import io.cdcfanout.verifier.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs faults one at a time on the suite's stack, each under its own load run, and verifies each run. */
final class FaultRun implements AutoCloseable {

    static final Set<String> CONSUMER_GROUPS = Set.of(CarConsumer.NAME, LoanConsumer.NAME, LoanPaymentConsumer.NAME, ServiceConsumer.NAME);

    /**
     * Rate and durations of each fault's run.
     *
     * @param rate events per second, the four types in turn
     * @param before load before the fault
     * @param downFor how long the fault lasts before the restart
     * @param after load after the restart is ready
     * @param maxInFlight requests waiting for an answer at most
     * @param retryFor how long the client retries one event on 503 or no answer
     * @param verifyTimeout how long the verifier waits for events still in flight
     */
    record Timing(double rate, Duration before, Duration downFor, Duration after, int maxInFlight, Duration retryFor, Duration verifyTimeout) {
    }

    private final FaultStack stack;
    private final RuleSet rules;
    private final Timing timing;
    private final Path results;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService loadThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-load");
        thread.setDaemon(true);
        return thread;
    });

    FaultRun(FaultStack stack, RuleSet rules, Timing timing, Path results, PrintStream out) {
        this.stack = stack;
        this.rules = rules;
        this.timing = timing;
        this.results = results;
        this.out = out;
    }

    /** Load without a fault, verified: the pipeline is warm and works before anything is broken. */
    VerificationReport warmUp(Duration duration) throws InterruptedException, SQLException, IOException {
        LoadRunner runner = runner();
        String runId = runId("warmup");
        CompletableFuture<LoadSummary> load = startLoad(runner, runId);
        Thread.sleep(duration.toMillis());
        runner.stop();
        LoadSummary summary = load.join();
        return verify(runId, summary);
    }

    /** Injects the fault under load, repairs it, and verifies the run. */
    FaultResult run(Fault fault) throws InterruptedException {
        String runId = runId(fault.id());
        out.printf("%n%s: %s under %.0f events/s (run %s)%n", fault.id(), fault.description(), timing.rate(), runId);
        List<String> alsoRestarted;
        try {
            alsoRestarted = stack.up();
        } catch (Exception e) {
            return FaultResult.failed(fault, runId, "the stack could not be brought up before the fault: " + e.getMessage());
        }
        if (!alsoRestarted.isEmpty()) {
            out.printf("  restarted before the fault, found dead: %s%n", alsoRestarted);
        }
        LoadRunner runner = runner();
        CompletableFuture<LoadSummary> load = startLoad(runner, runId);
        List<String> stepErrors = new ArrayList<>();
        Instant faultAt = null;
        Instant restartAt = null;
        Instant readyAt = null;
        List<String> foundDead = List.of();
        try {
            Thread.sleep(timing.before().toMillis());
            faultAt = clock.instant();
            fault.inject().run(stack);
            out.printf("  fault injected at %s%n", faultAt);
            Thread.sleep(timing.downFor().toMillis());
            restartAt = clock.instant();
            fault.recover().run(stack);
            readyAt = clock.instant();
            out.printf("  restarted, ready in %.1f s%n", Duration.between(restartAt, readyAt).toMillis() / 1000.0);
            Thread.sleep(timing.after().toMillis());
            // What else the fault took down: restarted, and reported.
            foundDead = stack.up();
        } catch (InterruptedException e) {
            runner.stop();
            throw e;
        } catch (Exception e) {
            stepErrors.add("the fault could not be injected or recovered from: " + e.getMessage());
            out.printf("  %s%n", stepErrors.get(0));
            try {
                foundDead = stack.up();
            } catch (Exception again) {
                stepErrors.add("the stack could not be brought up again: " + again.getMessage());
            }
        }
        runner.stop();
        LoadSummary summary = load.join();
        out.printf("  load: %d accepted of %d sent, %d dropped, %d events retried; not accepted: %s%n", summary.totalAccepted(),
                summary.totalSent(), summary.dropped(), summary.retries().events(), summary.failures());
        try {
            VerificationReport report = verify(runId, summary);
            out.print(report.toText().indent(2));
            Instant at = faultAt == null ? clock.instant() : faultAt;
            Instant restart = restartAt == null ? at : restartAt;
            return FaultResult.of(fault, summary, report, at, restart, readyAt == null ? restart : readyAt, foundDead, stepErrors);
        } catch (IOException | SQLException | RuntimeException e) {
            return FaultResult.failed(fault, runId, "verification failed: " + e.getMessage());
        }
    }

    private LoadRunner runner() {
        return new LoadRunner(stack.producerUrl(), null, LoadRunner.Thresholds.DEFAULT, new RetryPolicy(timing.retryFor()), clock);
    }

    private CompletableFuture<LoadSummary> startLoad(LoadRunner runner, String runId) {
        // Open-ended: the run stops when the fault's schedule is over (LoadRunner.stop()).
        Scenario scenario = new Scenario.ArrivalRate(timing.rate(), Duration.ofDays(1), timing.maxInFlight());
        EventFactory events = new EventFactory(runId, clock);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(scenario, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, loadThreads);
    }

    private VerificationReport verify(String runId, LoadSummary summary) throws SQLException, IOException, InterruptedException {
        Verifier verifier = new Verifier(new Verifier.Settings(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC, ConsumerApp.RECEIPTS_TOPIC,
                rules, CONSUMER_GROUPS, timing.verifyTimeout(), Duration.ofSeconds(3)), clock);
        // A request that got no final answer may still have been stored: then the tool's count cannot be compared.
        boolean outcomeUnknown = summary.failures().containsKey(LoadRunner.NO_ANSWER) || summary.failures().containsKey("503");
        VerificationReport report;
        try (KafkaTopics kafka = new KafkaTopics(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            report = verifier.verify(runId, AcceptedEvents.ofRun(stack.jdbcUrl(), Postgres.USER, Postgres.PASSWORD, runId),
                    outcomeUnknown ? null : summary.totalAccepted(), kafka);
        }
        report.write(results.resolve("verify-" + runId + ".json"));
        return report;
    }

    private static String runId(String name) {
        return "fault-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Override
    public void close() {
        loadThreads.shutdownNow();
    }
}
