package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.testing.TestStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stopping PostgreSQL removes the replication slots Debezium left, but never loses changes. */
class PostgresSlotCleanupIT {

    private static TestStack stack;

    @BeforeAll
    static void startPostgres() throws Exception {
        stack = TestStack.start(List.of(Postgres.NAME), List.of());
    }

    @AfterAll
    static void stopPostgres() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void freshTableAndNoSlots() throws Exception {
        sql("DROP TABLE IF EXISTS captured", "DROP PUBLICATION IF EXISTS captured_pub",
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots",
                "CREATE TABLE captured (id int PRIMARY KEY)", "CREATE PUBLICATION captured_pub FOR TABLE captured");
    }

    @Test
    void caughtUpSlotIsDroppedWhenPostgresStops() throws Exception {
        sql("SELECT pg_create_logical_replication_slot('caught_up', 'pgoutput')");

        restartPostgres();

        assertThat(slots()).isEmpty();
    }

    @Test
    void slotHoldingUncapturedChangesIsKeptSoNothingIsLost() throws Exception {
        sql("SELECT pg_create_logical_replication_slot('behind', 'pgoutput')", "INSERT INTO captured VALUES (1)");

        restartPostgres();

        assertThat(slots()).containsExactly("behind");
    }

    private static void restartPostgres() throws Exception {
        stack.stop(Postgres.NAME);
        stack.require(Postgres.NAME);
    }

    private static List<String> slots() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection db = stack.openDatabase(); Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT slot_name FROM pg_replication_slots")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection db = stack.openDatabase(); Statement statement = db.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }
}
