package io.cdcfanout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.model.OutputFormat;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class FaultSuiteTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--fault kill-everything|--fault: unknown fault 'kill-everything'; known: kill-car-consumer,",
        "--rate 0|--rate must be a positive number of events per second, got 0.0",
        "--before 10|--before: '10' is not a duration like 500ms, 30s or 2m",
        "--max-in-flight 0|--max-in-flight must be a positive integer, got 0"})
    void badUsageIsRejectedWithAPreciseMessageAndExitCode2BeforeAnythingStarts(String args, String message) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FaultSuite()).setErr(new PrintWriter(err));

        int exit = cli.execute(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void faultsRunInTheSuitesOrderWhateverTheOrderAsked() {
        assertThat(FaultSuite.selected(List.of("kill-kafka", "kill-connect"))).extracting(Fault::id).containsExactly("kill-connect", "kill-kafka");
        assertThat(FaultSuite.selected(List.of())).hasSize(10);
    }

    @Test
    void theSuitesRulesAreTheCommittedOnesPlusAnAvroRoute(@TempDir Path dir) throws Exception {
        Path rules = FaultSuite.withAvroRoute(Path.of("../../flink-jobs/routing-rules.yaml"), dir.resolve("rules.yaml"));

        RuleSet parsed = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(rules);
        RuleSet committed = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(Path.of("../../flink-jobs/routing-rules.yaml"));

        assertThat(parsed.deployable()).hasSize(committed.deployable().size() + 1);
        assertThat(parsed.deployable()).filteredOn(rule -> rule.outputFormat() == OutputFormat.AVRO)
                .extracting(rule -> rule.outputTopic()).containsExactly("filtered-fault-suite-avro-events");
    }

    @Test
    void theTableShowsEveryFaultAndTheWhyOfAFailure() {
        FaultResult passed = new FaultResult("kill-kafka", "kill -9 kafka, restart", "run-a", 1000, 1000, 0, 0, 0, 12, 3, 0, 0, Map.of(), 0, 40,
                4200, 6100, 9300, List.of(), true, List.of());
        FaultResult failed = new FaultResult("restart-postgres", "PostgreSQL fast shutdown, restart", "run-b", 900, 900, 0, 0, 0, 0, 0, 0, 7,
                Map.of("500", 7L), 2, 0, 100, 1000, 0, List.of("connect"), false, List.of("7 requests answered 500"));
        FaultReport report = new FaultReport("2026-01-01T00:00:00Z", Map.of(), 2, 0.5, 1.5, List.of(passed, failed));

        assertThat(report.passed()).isFalse();
        assertThat(report.table()).contains("| kill -9 kafka, restart | 1000 | 1000 | 0 | 0 | 0 | 12 | 3 | 0 | 4.2 s | 6.1 s | 9.3 s | 0 | 40 | 0 | passed |",
                "| 7 | 0 | 9 (500: 7, dropped: 2) | FAILED |");
        assertThat(report.findings()).contains("restart-postgres: 7 requests answered 500", "restart-postgres: also found dead and restarted: connect");
    }
}
