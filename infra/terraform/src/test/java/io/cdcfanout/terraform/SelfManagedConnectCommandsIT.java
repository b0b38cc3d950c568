package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the connector commands of docs/OPERATIONS.md ("Register the connector on any Kafka Connect"),
 * exactly as written there, against a real Kafka Connect + Debezium worker, so the documented commands
 * cannot drift from what works.
 */
class SelfManagedConnectCommandsIT {

    private static final String SECTION = "### Register the connector on any Kafka Connect";
    private static final String CONNECTOR = "cdc-fanout-outbox";

    private static TestStack stack;
    private static List<String> commands;

    @BeforeAll
    static void startConnect() throws Exception {
        commands = documentedCommands();
        stack = TestStack.shared(Postgres.NAME, Kafka.NAME, KafkaConnect.NAME);
    }

    @AfterAll
    static void removeConnectorAndSlot() throws Exception {
        stack.connect().delete(CONNECTOR);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection db = stack.openDatabase(); Statement statement = db.createStatement()) {
                // A deleted connector leaves its slot, which would keep WAL forever (OPERATIONS.md).
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'cdc_fanout_outbox' AND NOT active");
                var rs = statement.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'cdc_fanout_outbox'");
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        });
    }

    @Test
    void theDocumentedCommandsRegisterShowAndUpdateTheConnector() throws Exception {
        assertThat(commands).hasSize(3);
        String register = commands.get(0);
        String status = commands.get(1);
        String update = commands.get(2);

        Result registered = run(register);
        assertThat(registered.exitCode()).as(registered.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Result shown = run(status);
            assertThat(shown.exitCode()).isZero();
            assertThat(shown.output()).contains("\"name\":\"" + CONNECTOR + "\"").contains("\"state\":\"RUNNING\"");
        });

        Result updated = run(update);
        assertThat(updated.exitCode()).as(updated.output()).isZero();
        assertThat(updated.output()).contains("\"name\":\"" + CONNECTOR + "\"").contains("io.debezium.transforms.outbox.EventRouter");

        // Registering twice fails loudly (409 → curl -f exits 22): changes go through the PUT.
        Result again = run(register);
        assertThat(again.exitCode()).isEqualTo(22);
        assertThat(again.output()).contains("409");
    }

    /** The non-comment lines of the first bash block after the section heading. */
    private static List<String> documentedCommands() {
        String doc = Repo.read(Repo.ROOT.resolve("docs/OPERATIONS.md"));
        int section = doc.indexOf(SECTION);
        assertThat(section).as("section '%s' in docs/OPERATIONS.md", SECTION).isNotNegative();
        int start = doc.indexOf("```bash\n", section) + "```bash\n".length();
        int end = doc.indexOf("```", start);
        List<String> lines = new ArrayList<>();
        for (String line : doc.substring(start, end).split("\n")) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static Result run(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
                .directory(Repo.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("KAFKA_CONNECT_URL", stack.connectUrl());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", command).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
