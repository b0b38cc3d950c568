package io.cdcfanout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdcfanout.fanout.apps.CarConsumer;
import io.cdcfanout.fanout.apps.FlinkRoutingJob;
import io.cdcfanout.fanout.apps.LoanConsumer;
import io.cdcfanout.fanout.apps.LoanPaymentConsumer;
import io.cdcfanout.fanout.apps.ServiceConsumer;
import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.loaddriver.Scenario;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.verifier.VerificationReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule and its consumer added to a running pipeline get the events accepted before, by {@code ./fanout backfill}
 * (docs/OPERATIONS.md "Backfill a new consumer"), while live events flow: the whole local stack, the routing job first
 * running rules without {@value #NEW_RULE} ({@code FANOUT_ROUTING_RULES}), then the committed rules.
 */
class BackfillEndToEndIT {

    private static final String NEW_RULE = "loan-payment-submitted";
    private static final Set<String> OLD_GROUPS = Set.of(CarConsumer.NAME, LoanConsumer.NAME, ServiceConsumer.NAME);
    private static final int HISTORY_PER_TYPE = 30;
    private static final int LIVE_PER_TYPE = 20;

    @TempDir
    static Path dir;
    private static Path rulesFile;
    private static RuleSet rulesBefore;
    private static FullPipeline pipeline;

    @BeforeAll
    static void startPipelineWithoutTheNewRuleAndItsConsumer() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode rules = (ObjectNode) yaml.readTree(TestStack.repoRoot().resolve("flink-jobs/routing-rules.yaml").toFile());
        ArrayNode list = (ArrayNode) rules.get("rules");
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode rule = list.get(i);
            if (NEW_RULE.equals(rule.path("id").asText())) {
                list.remove(i);
            }
        }
        rulesFile = dir.resolve("routing-rules-before.yaml");
        yaml.writeValue(rulesFile.toFile(), rules);
        rulesBefore = new RuleParser(Set.of()).parse(rulesFile);
        pipeline = FullPipeline.start(Map.of(FlinkRoutingJob.RULES_VARIABLE, rulesFile.toString()),
                List.of(CarConsumer.NAME, LoanConsumer.NAME, ServiceConsumer.NAME));
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void newRuleAndConsumerGetTheHistoryExactlyOnceWhileLiveEventsReachEveryoneAndOldConsumersGetNothingExtra() throws Exception {
        LoadSummary history = pipeline.load(new Scenario.Batch(HISTORY_PER_TYPE, 2), "history");
        assertThat(history.totalAccepted()).as(history.toJson()).isEqualTo(4L * HISTORY_PER_TYPE);
        VerificationReport before = pipeline.verify(history.runId(), history.totalAccepted(), Duration.ofMinutes(3), rulesBefore, OLD_GROUPS);
        assertThat(before.passed()).as(before.toText()).isTrue();
        // Past a checkpoint of the routing job (every 10 s), so its restart resumes after these records.
        Thread.sleep(15_000);

        // The rule is added: the routing job restarts on the committed rules, the new consumer starts.
        pipeline.stack.stop(FlinkRoutingJob.NAME);
        Files.copy(TestStack.repoRoot().resolve("flink-jobs/routing-rules.yaml"), rulesFile, StandardCopyOption.REPLACE_EXISTING);
        pipeline.stack.require(FlinkRoutingJob.NAME, LoanPaymentConsumer.NAME);

        Process backfill = new ProcessBuilder(TestStack.repoRoot().resolve("fanout").toString(), "--state-dir",
                pipeline.stack.context().options().stateDir().toString(), "backfill", "--rule", NEW_RULE, "--page-rows", "2")
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(backfill.getInputStream(), StandardCharsets.UTF_8)).lines()
                .forEach(output::add));
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (output.stream().noneMatch(line -> line.contains("reaches:")) && backfill.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output).as("the backfill's plan").anyMatch(line -> line.contains("reaches:"));

        // Live events while the backfill runs: accepted after its window ends, so they reach the new topic live only.
        LoadSummary live = pipeline.load(new Scenario.Batch(LIVE_PER_TYPE, 2), "live");
        assertThat(backfill.waitFor(180, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        String printed = String.join("\n", output);
        System.out.println(printed);
        assertThat(backfill.exitValue()).as(printed).isZero();
        assertThat(printed).contains("history:  " + 4 * HISTORY_PER_TYPE + " event(s) in the window",
                "Done: " + 4 * HISTORY_PER_TYPE + " event(s) scanned, " + HISTORY_PER_TYPE + " record(s) written to filtered-loan-payment-submitted-events");

        RuleSet rulesAfter = FullPipeline.committedRules();
        VerificationReport historyAfter = pipeline.verify(history.runId(), history.totalAccepted(), Duration.ofMinutes(3), rulesAfter,
                FullPipeline.CONSUMER_GROUPS);
        assertThat(historyAfter.passed()).as(historyAfter.toText()).isTrue();
        assertThat(historyAfter.altered()).as("backfilled records are the records the outbox router makes").isZero();
        assertThat(historyAfter.consumers()).hasSize(4).allSatisfy(consumer -> {
            assertThat(consumer.delivered()).as(consumer.name()).isEqualTo(HISTORY_PER_TYPE);
            assertThat(consumer.duplicated()).as(consumer.name() + " handled an event twice").isZero();
            assertThat(consumer.misrouted()).as(consumer.name() + " handled an event not meant for it").isZero();
        });
        VerificationReport liveReport = pipeline.verify(live.runId(), live.totalAccepted(), Duration.ofMinutes(3), rulesAfter,
                FullPipeline.CONSUMER_GROUPS);
        assertThat(liveReport.passed()).as(liveReport.toText()).isTrue();
        assertThat(liveReport.consumers()).hasSize(4).allSatisfy(consumer -> {
            assertThat(consumer.delivered()).as(consumer.name()).isEqualTo(LIVE_PER_TYPE);
            assertThat(consumer.duplicated()).as(consumer.name()).isZero();
        });

        assertThat(paymentsInView(history.runId())).as("the new consumer's view, history").isEqualTo(HISTORY_PER_TYPE);
        assertThat(paymentsInView(live.runId())).as("the new consumer's view, live").isEqualTo(LIVE_PER_TYPE);
    }

    /** Payments the loan-payment consumer's view counts for the loans of a run. */
    private static long paymentsInView(String runId) throws Exception {
        try (Connection db = DriverManager.getConnection(pipeline.stack.jdbcUrl(), pipeline.stack.databaseUser(), pipeline.stack.databasePassword());
                PreparedStatement sum = db.prepareStatement("SELECT coalesce(sum(payments), 0) FROM loan_payment_consumer.loan_payments WHERE loan_id LIKE ?")) {
            sum.setString(1, runId + "-LOAN-%");
            try (ResultSet result = sum.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
