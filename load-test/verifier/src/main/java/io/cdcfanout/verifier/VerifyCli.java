package io.cdcfanout.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.pipelinetarget.InvalidTargetException;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code load-test/verify}: checks where every event of a load run went. */
@Command(name = "load-test/verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks that every event a load run got accepted by the producer API reached exactly the routed topics and",
            "consumers its routing rules name, unchanged; reports lost, misrouted, duplicated and altered events and the",
            "end-to-end delay (producer accept -> consumer handled). Waits until everything arrived or --timeout passed.",
            "Exit code 0: nothing lost, misrouted or altered; 1: the run failed verification; 2: bad usage or unreachable components."})
public final class VerifyCli implements Callable<Integer> {

    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Run run;

    static final class Run {
        @Option(names = "--summary", description = "The summary file of the run (k6 or load-test/load): gives the run id and the accepted count.")
        Path summary;

        @Option(names = "--run-id", description = "The run id (prefix of every id of the run), when there is no summary file.")
        String runId;
    }

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka (env KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--target", description = {"A deployment other than the local stack: the file ./fanout status --target reads",
        "(kafka.* client settings, db.jdbc-url, db.user, db.password; secrets as ${env:NAME}); wins over the options below."})
    Path target;

    @Option(names = "--jdbc-url", defaultValue = "${env:CDC_DB_JDBC_URL:-jdbc:postgresql://127.0.0.1:5433/cdcfanout}", description = "The producer's database (env CDC_DB_JDBC_URL, default ${DEFAULT-VALUE}).")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:CDC_DB_USER:-fanout}", description = "Database user (env CDC_DB_USER, default ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:CDC_DB_PASSWORD:-fanout}", description = "Database password (env CDC_DB_PASSWORD).", arity = "1")
    String dbPassword;

    @Option(names = "--rules", defaultValue = "${env:ROUTING_RULES:-flink-jobs/routing-rules.yaml}", description = "The routing rules the pipeline runs (env ROUTING_RULES, default ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--source-topic", defaultValue = "raw-business-events", description = "Default ${DEFAULT-VALUE}.")
    String sourceTopic;

    @Option(names = "--receipts-topic", defaultValue = "cdc-fanout-receipts", description = "Where consumers send their delivery receipts; default ${DEFAULT-VALUE}.")
    String receiptsTopic;

    @Option(names = "--expect-consumer", paramLabel = "GROUP", description = "A consumer group that must have handled the run's events (repeatable); groups with committed offsets on a routed topic are checked anyway.")
    List<String> expectedConsumers = List.of();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait for events still in flight; default ${DEFAULT-VALUE} s.")
    int timeoutSeconds;

    @Option(names = "--report", description = "Where to write the report JSON (default load-test/results/verify-<run id>.json).")
    Path report;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VerifyCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("verify: " + e.getMessage());
            return USAGE;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        String runId;
        Long summaryAccepted = null;
        if (run.summary != null) {
            JsonNode summary = readSummary(run.summary);
            runId = summary.get("runId").asText();
            summaryAccepted = totalAccepted(summary);
        } else {
            runId = run.runId;
        }
        RuleSet ruleSet;
        try {
            ruleSet = new RuleParser(Set.of(sourceTopic, sourceTopic + "-dlq")).parse(rules);
        } catch (RulesException e) {
            throw new ParameterException(spec.commandLine(), "--rules " + rules + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--rules " + rules + " cannot be read: " + e.getMessage());
        }
        PipelineTarget deployment = deployment();
        Map<String, AcceptedEvent> accepted;
        try {
            accepted = AcceptedEvents.ofRun(deployment.jdbcUrl(), deployment.dbUser(), deployment.dbPassword(), runId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read accepted events from " + deployment.jdbcUrl() + ": " + e.getMessage(), e);
        }
        if (accepted.isEmpty()) {
            throw new IllegalStateException("the producer's database has no event of run " + runId
                    + " (no primary entity id starting with '" + runId + "-'): wrong run id or database?");
        }
        Verifier verifier = new Verifier(new Verifier.Settings(sourceTopic, sourceTopic + "-dlq", receiptsTopic, ruleSet,
                new LinkedHashSet<>(expectedConsumers), Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(3)), Clock.systemUTC());
        spec.commandLine().getErr().printf("verifying run %s: %d accepted events; waiting up to %d s for them…%n", runId, accepted.size(), timeoutSeconds);
        VerificationReport result;
        try (KafkaTopics kafka = new KafkaTopics(deployment.kafka())) {
            result = verifier.verify(runId, accepted, summaryAccepted, kafka);
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot read Kafka at " + deployment.kafka().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + e.getMessage(), e);
        }
        Path file = report != null ? report
                : Path.of(System.getenv().getOrDefault("LOAD_TEST_RESULTS", "load-test/results"), "verify-" + runId + ".json");
        result.write(file);
        spec.commandLine().getOut().print(result.toText());
        spec.commandLine().getOut().println("report written to " + file);
        spec.commandLine().getOut().flush();
        return result.passed() ? 0 : FAILED;
    }

    private JsonNode readSummary(Path file) {
        JsonNode summary;
        try {
            summary = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--summary " + file + " cannot be read as JSON: " + e.getMessage());
        }
        if (summary == null || !summary.path("runId").isTextual() || summary.path("runId").asText().isBlank()) {
            throw new ParameterException(spec.commandLine(), "--summary " + file + " has no runId: is it the summary of k6 or load-test/load?");
        }
        if (!summary.path("accepted").isObject()) {
            throw new ParameterException(spec.commandLine(), "--summary " + file + " has no 'accepted' counts per event type");
        }
        return summary;
    }

    private static long totalAccepted(JsonNode summary) {
        long total = 0;
        for (JsonNode count : summary.get("accepted")) {
            total += count.asLong();
        }
        return total;
    }

    /** Kafka settings and database of the deployment: from --target, else from the options. */
    private PipelineTarget deployment() {
        if (target == null) {
            return new PipelineTarget(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), "", jdbcUrl, dbUser, dbPassword,
                    "", "", Map.of(), 0);
        }
        try {
            return PipelineTarget.load(target, System.getenv());
        } catch (InvalidTargetException e) {
            throw new ParameterException(spec.commandLine(), "--target: " + e.getMessage());
        }
    }
}
