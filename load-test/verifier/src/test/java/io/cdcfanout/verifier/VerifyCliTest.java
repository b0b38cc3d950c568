package io.cdcfanout.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad input to load-test/verify: a precise message and exit code 2, before anything is read from Kafka. */
class VerifyCliTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"accepted\":{}}|has no runId: is it the summary of k6 or load-test/load?",
        "{\"runId\":\"\",\"accepted\":{}}|has no runId",
        "{\"runId\":\"run-1\"}|has no 'accepted' counts per event type",
        "{not json|cannot be read as JSON"})
    void summaryWithoutWhatTheVerifierNeedsIsRejected(String content, String message) throws IOException {
        Path summary = Files.writeString(dir.resolve("summary.json"), content);

        Result result = run("--summary", summary.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--summary " + summary).contains(message);
    }

    @Test
    void missingSummaryFileIsRejected() {
        Result result = run("--summary", dir.resolve("absent.json").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("cannot be read as JSON");
    }

    @Test
    void runIsRequired() {
        Result result = run();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required argument").contains("--summary").contains("--run-id");
    }

    @Test
    void timeoutBelowOneSecondIsRejected() {
        Result result = run("--run-id", "run-1", "--timeout", "0");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--timeout must be at least 1 second, got 0");
    }

    @Test
    void invalidRulesFileIsRejectedNamingTheFile() throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: x\n    outputTopic: 'no spaces allowed'\n");

        Result result = run("--run-id", "run-1", "--rules", rules.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--rules " + rules);
    }

    @Test
    void targetFileWithoutKafkaIsRejected() throws IOException {
        Path target = Files.writeString(dir.resolve("target.properties"), "db.jdbc-url=jdbc:postgresql://db:5432/x\n");

        Result result = run("--run-id", "run-1", "--rules", rulesFile(), "--target", target.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--target: ").contains("kafka.bootstrap.servers is required");
    }

    @Test
    void unreachableDatabaseIsReportedWithItsUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/cdcfanout?connectTimeout=2";

        Result result = run("--run-id", "run-1", "--rules", rulesFile(), "--jdbc-url", url);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("verify: cannot read accepted events from " + url);
    }

    private static String rulesFile() {
        return Path.of("../../flink-jobs/routing-rules.yaml").toString();
    }

    private record Result(int exit, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = VerifyCli.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
        return new Result(cli.execute(args), err.toString());
    }
}
