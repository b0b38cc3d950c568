package io.cdcfanout.e2e;

import io.cdcfanout.fanout.apps.CarConsumer;
import io.cdcfanout.fanout.apps.ConsumerApp;
import io.cdcfanout.fanout.apps.FlinkRoutingJob;
import io.cdcfanout.fanout.apps.LoanConsumer;
import io.cdcfanout.fanout.apps.LoanPaymentConsumer;
import io.cdcfanout.fanout.apps.ProducerApi;
import io.cdcfanout.fanout.apps.ServiceConsumer;
import io.cdcfanout.loaddriver.EventFactory;
import io.cdcfanout.loaddriver.LoadRunner;
import io.cdcfanout.loaddriver.LoadSummary;
import io.cdcfanout.loaddriver.Scenario;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import io.cdcfanout.verifier.AcceptedEvents;
import io.cdcfanout.verifier.KafkaTopics;
import io.cdcfanout.verifier.VerificationReport;
import io.cdcfanout.verifier.Verifier;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The whole local stack on free ports, with the load driver and the verifier pointed at it. */
final class FullPipeline implements AutoCloseable {

    static final Set<String> CONSUMER_GROUPS = Set.of("car-consumer", "loan-consumer", "loan-payment-consumer", "service-consumer");

    final TestStack stack;
    private final RuleSet rules;

    private FullPipeline(TestStack stack, RuleSet rules) {
        this.stack = stack;
        this.rules = rules;
    }

    static FullPipeline start() throws StackException, IOException, RulesException {
        return start(Map.of(), List.of(CarConsumer.NAME, LoanConsumer.NAME, LoanPaymentConsumer.NAME, ServiceConsumer.NAME));
    }

    /** The stack with only these consumer components, and these settings of ./fanout's environment. */
    static FullPipeline start(Map<String, String> environment, List<String> consumers) throws StackException, IOException, RulesException {
        RuleSet rules = committedRules();
        List<String> components = new ArrayList<>(List.of(ProducerApi.NAME, FlinkRoutingJob.NAME));
        components.addAll(consumers);
        TestStack stack = TestStack.start(components, List.of(TestStack.repoRoot().resolve("infra/connect/outbox-connector.json")), environment);
        return new FullPipeline(stack, rules);
    }

    /** flink-jobs/routing-rules.yaml: the rules the committed routing SQL is generated from. */
    static RuleSet committedRules() throws IOException, RulesException {
        return new RuleParser(Set.of()).parse(TestStack.repoRoot().resolve("flink-jobs/routing-rules.yaml"));
    }

    URI producerUrl() {
        return URI.create("http://127.0.0.1:" + stack.context().port(ProducerApi.NAME));
    }

    /** Runs a scenario under a fresh run id starting with {@code name}. */
    LoadSummary load(Scenario scenario, String name) throws InterruptedException {
        String runId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new LoadRunner(producerUrl(), null, LoadRunner.Thresholds.DEFAULT, Clock.systemUTC())
                .run(scenario, new EventFactory(runId, Clock.systemUTC()));
    }

    /** Verifies a run, waiting up to {@code timeout} for events in flight. */
    VerificationReport verify(String runId, long summaryAccepted, Duration timeout) throws SQLException, InterruptedException {
        return verify(runId, summaryAccepted, timeout, rules, CONSUMER_GROUPS);
    }

    /** Verifies a run against these rules and consumer groups, waiting up to {@code timeout} for events in flight. */
    VerificationReport verify(String runId, long summaryAccepted, Duration timeout, RuleSet rules, Set<String> groups)
            throws SQLException, InterruptedException {
        Verifier verifier = new Verifier(new Verifier.Settings("raw-business-events", "raw-business-events-dlq", ConsumerApp.RECEIPTS_TOPIC,
                rules, groups, timeout, Duration.ofSeconds(2)), Clock.systemUTC());
        try (KafkaTopics kafka = new KafkaTopics(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            return verifier.verify(runId, AcceptedEvents.ofRun(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword(), runId),
                    summaryAccepted, kafka);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
