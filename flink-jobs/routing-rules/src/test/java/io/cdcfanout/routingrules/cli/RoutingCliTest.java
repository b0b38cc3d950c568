package io.cdcfanout.routingrules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RoutingCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RoutingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void validateReportsTheShippedRules() {
        assertThat(run("validate", "--rules", "../routing-rules.yaml")).isZero();
        assertThat(out.toString()).contains("6 rules, 6 deployable");
    }

    @Test
    void validateFailsWithEveryErrorOfABadFile(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "- { id: r, outputTopic: t, conditions: [{ field: eventType, operator: like }] }");
        assertThat(run("validate", "--rules", rules.toString())).isEqualTo(RoutingCli.INVALID);
        assertThat(err.toString()).contains("rule 'r', conditions[0].operator: unknown operator 'like'");
    }

    @Test
    void avroRulesGenerateForFlinkOnlyAndConfluentCloudIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"),
                "- { id: typed, outputTopic: t, outputFormat: avro, conditions: [{ field: eventType, operator: exists }] }");
        assertThat(run("generate", "--rules", rules.toString(), "--out", dir.resolve("all").toString())).isEqualTo(RoutingCli.INVALID);
        assertThat(err.toString()).contains("route: rule 'typed': outputFormat avro is generated for self-managed Flink only");
        assertThat(dir.resolve("all")).doesNotExist();

        assertThat(run("generate", "--rules", rules.toString(), "--out", dir.resolve("flink-only").toString(), "--target", "flink")).isZero();
        assertThat(Files.readString(dir.resolve("flink-only/flink/routing.sql"))).contains("EVENT_AVRO(`event`, 't')");
        assertThat(dir.resolve("flink-only/confluent-cloud")).doesNotExist();
    }

    @Test
    void routePreviewNamesTheTopicsOfAnEvent() {
        assertThat(run("route-preview", "--rules", "../routing-rules.yaml", "../../contract/samples/car-service-done-event.json")).isZero();
        assertThat(out.toString()).isEqualTo("filtered-service-events  (rule car-service-done)\n"
                + "filtered-dealer-001-service-events  (rule dealer-001-service)\n");
    }

    @Test
    void routePreviewSendsMalformedEventsToTheDeadLetterTopic(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("bad.json"), "{\"entities\": []}");
        assertThat(run("route-preview", "--rules", "../routing-rules.yaml", event.toString())).isZero();
        assertThat(out.toString()).startsWith("raw-business-events-dlq  (value is not a JSON object");
    }

    @Test
    void routePreviewOfAMissingFileNamesItInOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        assertThat(run("route-preview", "--rules", "../routing-rules.yaml", missing.toString())).isEqualTo(RoutingCli.INVALID);
        assertThat(err.toString()).isEqualTo("route: no such file: " + missing + "\n");
    }

    @Test
    void generateWritesAndCheckDetectsStaleFiles(@TempDir Path dir) throws Exception {
        assertThat(run("generate", "--rules", "../routing-rules.yaml", "--out", dir.toString(), "--check")).isEqualTo(RoutingCli.INVALID);
        assertThat(err.toString()).contains("The generated SQL is stale");
        assertThat(run("generate", "--rules", "../routing-rules.yaml", "--out", dir.toString())).isZero();
        assertThat(dir.resolve("flink/routing.sql")).content().contains("EXECUTE STATEMENT SET");
        assertThat(dir.resolve("confluent-cloud/connectors.sql")).exists();
        assertThat(run("generate", "--rules", "../routing-rules.yaml", "--out", dir.toString(), "--check")).isZero();
        Files.writeString(dir.resolve("flink/routing.sql"), "-- edited by hand\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(run("generate", "--rules", "../routing-rules.yaml", "--out", dir.toString(), "--check")).isEqualTo(RoutingCli.INVALID);
    }
}
