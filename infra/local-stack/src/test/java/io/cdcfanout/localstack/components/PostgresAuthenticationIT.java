package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cdcfanout.localstack.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stack's PostgreSQL lets nobody in without the password: not over TCP, not over its socket, not another local user. */
class PostgresAuthenticationIT {

    private static TestStack stack;
    private static Path sockets;

    @BeforeAll
    static void startPostgres() throws Exception {
        stack = TestStack.shared(Postgres.NAME);
        sockets = Postgres.socketDirectory(stack.context());
    }

    @Test
    void aConnectionWithoutThePasswordIsRefusedOverTcp() {
        assertThatThrownBy(() -> DriverManager.getConnection(stack.jdbcUrl(), Postgres.USER, ""))
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(stack.jdbcUrl(), Postgres.USER, "wrong"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void theSocketDirectoryIsTheServersAloneAndItsSocketAsksForThePassword() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets))).isEqualTo("rwx------");

        // As the server's own user (the only one who can enter the directory), without a password.
        Result own = psql(serverUser());
        assertThat(own.exit()).as(own.output()).isNotZero();
        assertThat(own.output()).containsAnyOf("password authentication failed", "no password supplied", "fe_sendauth");
    }

    @Test
    void anotherLocalUserCannotReachTheSocket() throws Exception {
        assumeThat(System.getProperty("user.name")).as("switching to another user needs root").isEqualTo("root");
        Result other = psql(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        assertThat(other.exit()).as(other.output()).isNotZero();
        assertThat(other.output()).contains("Permission denied");
    }

    private static List<String> serverUser() {
        return "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups")
                : List.of();
    }

    private record Result(int exit, String output) {
    }

    private static Result psql(List<String> asUser) throws Exception {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of("psql", "-w", "-h", sockets.toString(), "-p", stack.environment().get("CDC_DB_PORT"),
                "-U", Postgres.USER, "-d", "postgres", "-c", "SELECT 1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PGPASSWORD");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
