package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the self-managed commands of docs/OPERATIONS.md and docs/CONFLUENT_CLOUD.md, read from the docs and
 * executed as written, against real PostgreSQL, Kafka and Kafka Connect + Debezium, so the documented
 * commands cannot drift from what works.
 */
class DocumentedCommandsIT {

    private static final String CONNECTOR = "cdc-fanout-outbox";

    private static TestStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.shared(Postgres.NAME, Kafka.NAME, KafkaConnect.NAME);
        // A database set up as CONFLUENT_CLOUD.md has it, not by infra/docker/postgres-init.sql: no publication yet.
        sql("DROP PUBLICATION IF EXISTS cdc_fanout_outbox;");
        // The producer API's schema, as its Flyway migrations create it as the application role.
        try (Connection db = stack.openDatabase(); Statement statement = db.createStatement()) {
            for (var migration : TestStack.producerMigrations()) {
                statement.execute(Repo.read(migration));
            }
        }
    }

    @Test
    void theDocumentedConnectorLifecycleWorksOnARealConnectWorkerAndDatabase() throws Exception {
        // CONFLUENT_CLOUD.md "Prerequisites": the connector's database user and the publication.
        sql(Docs.block("CONFLUENT_CLOUD.md", "A database user for the connector", "sql"));
        assertThat(query("SELECT rolreplication FROM pg_roles WHERE rolname = 'cdc_fanout_replicator'")).isEqualTo("t");
        assertThat(query("SELECT string_agg(tablename, ',') FROM pg_publication_tables WHERE pubname = 'cdc_fanout_outbox'")).isEqualTo("outboxevent");

        // OPERATIONS.md "Register the connector on any Kafka Connect".
        List<String> commands = Docs.shellCommands(Docs.block("OPERATIONS.md", "### Register the connector on any Kafka Connect", "bash"));
        assertThat(commands).hasSize(3);
        Result registered = run(commands.get(0));
        assertThat(registered.exitCode()).as(registered.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Result shown = run(commands.get(1));
            assertThat(shown.exitCode()).isZero();
            assertThat(shown.output()).contains("\"name\":\"" + CONNECTOR + "\"").contains("\"state\":\"RUNNING\"");
        });
        Result updated = run(commands.get(2));
        assertThat(updated.exitCode()).as(updated.output()).isZero();
        assertThat(updated.output()).contains("io.debezium.transforms.outbox.EventRouter");
        Result again = run(commands.get(0));
        assertThat(again.exitCode()).as("registering twice fails loudly (409); changes go through the PUT").isEqualTo(22);
        assertThat(again.output()).contains("409");

        // OPERATIONS.md "Metrics to watch": the retained-WAL query shows the connector's slot.
        String retainedWal = stripSemicolon(Docs.block("OPERATIONS.md", "Retained WAL per slot", "sql"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                query("SELECT slot_name || ' ' || active || ' ' || wal_status FROM (" + retainedWal + ") s"))
                .isEqualTo("cdc_fanout_outbox true reserved"));

        // OPERATIONS.md "WAL and replication slots": cap the WAL a slot may hold.
        sql(Docs.block("OPERATIONS.md", "**Cap it**", "sql"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(query("SHOW max_slot_wal_keep_size")).isEqualTo("10GB"));

        // Deleting the connector leaves the slot: the documented statement drops it once inactive.
        stack.connect().delete(CONNECTOR);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(query("SELECT active FROM pg_replication_slots WHERE slot_name = 'cdc_fanout_outbox'")).isEqualTo("f"));
        sql(Docs.block("OPERATIONS.md", "**drop a slot when its connector is deleted**", "sql"));
        assertThat(query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'cdc_fanout_outbox'")).isEqualTo("0");
    }

    /** Runs each statement on its own, as the superuser: ALTER SYSTEM may not share a transaction with others. */
    private static void sql(String script) throws SQLException {
        try (Connection db = stack.openDatabaseAsAdmin(); Statement statement = db.createStatement()) {
            for (String sql : SqlStatements.split(script)) {
                statement.execute(sql);
            }
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection db = stack.openDatabaseAsAdmin(); Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String stripSemicolon(String sql) {
        return sql.strip().replaceAll(";$", "");
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
