package io.cdcfanout.localstack.testing;

import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.localstack.connect.ConnectClient;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Real components for integration tests: the machinery of {@code ./fanout up} with free ports and
 * a temporary state directory.
 *
 * <pre>{@code
 * TestStack stack = TestStack.shared(Kafka.NAME, Postgres.NAME);   // started once per test JVM
 * String bootstrap = stack.kafkaBootstrapServers();
 * }</pre>
 *
 * <p>The processes are stopped and their data deleted when the JVM exits (also when tests fail).
 * Processes of a JVM that was killed before it could do so are reaped by the next test stack.
 * Use {@link #start(List, List)} and {@link #close()} instead where a test class needs a stack of
 * its own, e.g. to stop a component.
 */
public final class TestStack implements AutoCloseable {

    private static TestStack shared;

    private final Stack stack;
    private final Path stateDir;
    private boolean closed;

    private TestStack(Stack stack, Path stateDir) {
        this.stack = stack;
        this.stateDir = stateDir;
    }

    /**
     * The stack shared by every test of this JVM, with at least these components (and what they
     * depend on) running; starts what is missing.
     */
    public static synchronized TestStack shared(String... components) throws StackException {
        if (shared == null) {
            shared = create(List.of(), Map.of());
            TestStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-shutdown"));
        }
        shared.stack.up(List.of(components));
        return shared;
    }

    /** A stack of its own, started now and stopped by {@link #close()}. */
    public static TestStack start(List<String> components, List<Path> connectorConfigs) throws StackException {
        return start(components, connectorConfigs, Map.of());
    }

    /**
     * A stack of its own with these settings of {@code ./fanout}'s environment (e.g. {@code FANOUT_ROUTING_RULES}),
     * started now and stopped by {@link #close()}.
     */
    public static TestStack start(List<String> components, List<Path> connectorConfigs, Map<String, String> environment) throws StackException {
        TestStack stack = create(connectorConfigs, environment);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-shutdown"));
        try {
            stack.stack.up(components);
        } catch (StackException | RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private static TestStack create(List<Path> connectorConfigs, Map<String, String> environment) {
        ProcessSupervisor.reapOrphans();
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("cdc-fanout-test-");
            // Traversable by the postgres user, which runs PostgreSQL when tests run as root.
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stack stack = Stack.create(new StackOptions(repoRoot(), stateDir, true, connectorConfigs, false, environment,
                ProcessHandle.current().pid(), System.out));
        return new TestStack(stack, stateDir);
    }

    /** Starts more components (and what they depend on) in this stack. */
    public TestStack require(String... components) throws StackException {
        stack.up(List.of(components));
        return this;
    }

    /** Stops one component, e.g. to test how others react; {@link #require} starts it again. */
    public void stop(String component) throws StackException {
        stack.stop(component);
    }

    public StackContext context() {
        return stack.context();
    }

    /** Connection variables every component exports (KAFKA_BOOTSTRAP_SERVERS, CDC_DB_JDBC_URL…). */
    public Map<String, String> environment() {
        return stack.context().environment();
    }

    public String kafkaBootstrapServers() {
        return Kafka.bootstrapServers(context());
    }

    public Admin kafkaAdmin() {
        return Kafka.admin(context());
    }

    /** JDBC URL of the application database ({@value Postgres#DATABASE}). */
    public String jdbcUrl() {
        return Postgres.jdbcUrl(context(), Postgres.DATABASE);
    }

    public String databaseUser() {
        return Postgres.USER;
    }

    public String databasePassword() {
        return Postgres.PASSWORD;
    }

    /** The application database as the application role, the producer API's and the consumers' ({@value Postgres#USER}). */
    public Connection openDatabase() throws SQLException {
        return Postgres.connectAsApp(context(), Postgres.DATABASE);
    }

    /** The application database as the superuser ({@value Postgres#ADMIN_USER}): for what no component may do. */
    public Connection openDatabaseAsAdmin() throws SQLException {
        return Postgres.connect(context(), Postgres.DATABASE);
    }

    public String connectUrl() {
        return KafkaConnect.url(context());
    }

    public ConnectClient connect() {
        return new ConnectClient(connectUrl());
    }

    public String schemaRegistryUrl() {
        return SchemaRegistry.confluentUrl(context());
    }

    public String flinkRestUrl() {
        return FlinkCluster.url(context());
    }

    /** Stops every component and deletes the state directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stack.down(true);
        } catch (StackException | RuntimeException e) {
            System.err.println("test stack in " + stateDir + " did not stop cleanly: " + e.getMessage());
        }
    }

    /**
     * The producer API's Flyway migrations ({@code V<n>__*.sql}) in the order Flyway runs them: for tests that need its
     * schema without running it. Run them as the application role ({@link #openDatabase()}), as the producer does.
     */
    public static List<Path> producerMigrations() {
        try (var files = Files.list(repoRoot().resolve("producer-api/src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names the cdc-fanout checkout whose components a test outside it (a project using the SDK's test kit) runs. */
    public static final String HOME_VARIABLE = "CDCFANOUT_HOME";

    /**
     * The cdc-fanout checkout whose build output the components run: {@value #HOME_VARIABLE} when set (for projects
     * outside the checkout), else found upwards from the working directory (a module directory under Maven).
     */
    public static Path repoRoot() {
        String home = System.getenv(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            Path dir = Path.of(home).toAbsolutePath();
            if (!isCheckout(dir)) {
                throw new IllegalStateException(HOME_VARIABLE + "=" + home + " is not a cdc-fanout checkout (a directory with ./fanout and pom.xml)");
            }
            return dir;
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            tried.add(dir);
            if (isCheckout(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("no cdc-fanout checkout (a directory with ./fanout and pom.xml) above " + tried.get(0)
                + "; outside the checkout, set " + HOME_VARIABLE + " to one (built with ./mvnw install -DskipTests)");
    }

    private static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("fanout")) && Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
