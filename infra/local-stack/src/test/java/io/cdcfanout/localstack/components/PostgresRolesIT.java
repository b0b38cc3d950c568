package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.localstack.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/docker/postgres-init.sql, the file docker-compose.yml mounts into the postgres image, run as the image runs it
 * (psql, as the superuser, in a fresh application database) on the local stack's real PostgreSQL: the application role
 * migrates the producer's schema and a consumer's, Debezium's role streams the outbox and nothing else, and only the
 * superuser is one.
 */
class PostgresRolesIT {

    private static final String DATABASE = "roles_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SLOT = DATABASE + "_slot";
    private static TestStack stack;

    @BeforeAll
    static void freshDatabaseInitialisedAsByThePostgresImage() throws Exception {
        stack = TestStack.shared(Postgres.NAME);
        admin("postgres", "CREATE DATABASE " + DATABASE);
        Postgres.runInitScript(stack.context(), DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (stack != null) {
            admin("postgres", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "' AND pid <> pg_backend_pid()",
                    "DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    @Test
    void onlyTheAdministratorIsSuperuserAndNoOtherRoleMayCreateRolesOrDatabases() throws Exception {
        assertThat(query("postgres", "SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolsuper")).isEqualTo(Postgres.ADMIN_USER);
        for (String role : List.of(Postgres.USER, Postgres.REPLICATION_USER, Postgres.REGISTRY_USER)) {
            assertThat(query("postgres", "SELECT rolcanlogin || ' ' || rolcreaterole || ' ' || rolcreatedb || ' ' || rolbypassrls"
                    + " FROM pg_roles WHERE rolname = '" + role + "'")).as(role).isEqualTo("true false false false");
        }
        assertThat(query("postgres", "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolreplication AND NOT rolsuper"))
                .isEqualTo(Postgres.REPLICATION_USER);
    }

    @Test
    void theApplicationRoleRunsTheProducersMigrationsAndCreatesAConsumersSchema() throws Exception {
        migrateAsApp();
        assertThat(query(DATABASE, "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname IN ('public', 'loan_consumer')"))
                .isEqualTo(Postgres.USER);
        assertThat(query(DATABASE, "SELECT string_agg(schemaname || '.' || tablename, ',') FROM pg_publication_tables WHERE pubname = '"
                + Postgres.PUBLICATION + "'")).as("the publication covers the outbox alone").isEqualTo("public.outboxevent");
    }

    @Test
    void theReplicationRoleStreamsTheOutboxButCannotReadOtherTablesNorWrite() throws Exception {
        migrateAsApp();
        try (Connection replication = connect(Postgres.REPLICATION_USER, Postgres.REPLICATION_PASSWORD, DATABASE); Statement sql = replication.createStatement()) {
            sql.execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
            app("INSERT INTO outboxevent (id, aggregatetype, aggregateid, type, timestamp, payload, eventid)"
                            + " VALUES (gen_random_uuid(), 'Car', 'CAR-1', 'CarCreated', now(), '{}', gen_random_uuid())",
                    "INSERT INTO car_entities VALUES ('CAR-1', 'Car', now(), now(), '{}', gen_random_uuid())");
            try (ResultSet changes = sql.executeQuery("SELECT string_agg(encode(data, 'escape'), '') FROM pg_logical_slot_peek_binary_changes('"
                    + SLOT + "', NULL, NULL, 'proto_version', '1', 'publication_names', '" + Postgres.PUBLICATION + "')")) {
                assertThat(changes.next()).isTrue();
                assertThat(changes.getString(1)).contains("outboxevent", "CAR-1").doesNotContain("car_entities");
            }
            sql.executeQuery("SELECT count(*) FROM public.outboxevent").close();
            for (String forbidden : List.of("SELECT count(*) FROM public.car_entities", "SELECT count(*) FROM public.business_event",
                    "INSERT INTO public.outboxevent (id, aggregatetype, aggregateid, type, timestamp, payload, eventid)"
                            + " VALUES (gen_random_uuid(), 'Car', 'CAR-2', 'CarCreated', now(), '{}', gen_random_uuid())",
                    "DELETE FROM public.outboxevent", "CREATE TABLE public.intruder (id int)", "CREATE SCHEMA intruder",
                    "ALTER PUBLICATION " + Postgres.PUBLICATION + " ADD TABLE public.car_entities")) {
                assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden).isInstanceOf(SQLException.class)
                        .hasMessageMatching("(?s).*(permission denied|must be owner).*");
            }
        }
    }

    @Test
    void theRegistryRoleOwnsItsDatabaseAndReachesNoOther() throws Exception {
        try (Connection registry = connect(Postgres.REGISTRY_USER, Postgres.REGISTRY_PASSWORD, Postgres.REGISTRY_DATABASE); Statement sql = registry.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS roles_it_probe (id int)");
            sql.execute("DROP TABLE roles_it_probe");
        }
        assertThatThrownBy(() -> connect(Postgres.REGISTRY_USER, Postgres.REGISTRY_PASSWORD, DATABASE).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
        assertThatThrownBy(() -> connect(Postgres.USER, Postgres.PASSWORD, Postgres.REGISTRY_DATABASE).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
        assertThatThrownBy(() -> connect(Postgres.REPLICATION_USER, Postgres.REPLICATION_PASSWORD, Postgres.REGISTRY_DATABASE).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
    }

    /** The producer's migrations and a consumer's schema, as Flyway creates them at start (once per database). */
    private static synchronized void migrateAsApp() throws Exception {
        if (query(DATABASE, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'outboxevent'").equals("1")) {
            return;
        }
        List<String> statements = new ArrayList<>();
        for (Path migration : TestStack.producerMigrations()) {
            statements.add(Files.readString(migration));
        }
        statements.add("CREATE SCHEMA loan_consumer");
        statements.add("CREATE TABLE loan_consumer.handled_event (event_id uuid PRIMARY KEY)");
        app(statements.toArray(String[]::new));
    }

    private static void app(String... statements) throws SQLException {
        try (Connection db = connect(Postgres.USER, Postgres.PASSWORD, DATABASE); Statement sql = db.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static void admin(String database, String... statements) throws SQLException {
        try (Connection db = Postgres.connect(stack.context(), database); Statement sql = db.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static String query(String database, String query) throws SQLException {
        try (Connection db = Postgres.connect(stack.context(), database); Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Connection connect(String user, String password, String database) throws SQLException {
        return DriverManager.getConnection(Postgres.jdbcUrl(stack.context(), database), user, password);
    }
}
