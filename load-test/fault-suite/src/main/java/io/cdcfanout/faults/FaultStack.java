package io.cdcfanout.faults;

import io.cdcfanout.fanout.apps.FlinkRoutingJob;
import io.cdcfanout.fanout.apps.ProducerApi;
import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ComponentStatus;
import io.cdcfanout.localstack.PortPlan;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.process.Ports;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import io.cdcfanout.localstack.process.StackState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A private copy of the whole local stack for the fault suite: its own temporary state directory, and ports that are
 * free when it starts and stay the same across restarts (a component restarted on another port would strand every
 * client of it). The committed routing job is replaced by {@link RulesRoutingJob} with the suite's rules. Stopped and
 * deleted by {@link #close()}, also from a shutdown hook when the suite fails or is interrupted.
 *
 * <p>Each operation works through a new {@link Stack} on the same state directory, as each {@code ./fanout} command
 * does: a {@code Stack} remembers the ports of what it started, and would take a restarted component's own port
 * for another's.
 */
final class FaultStack implements AutoCloseable {

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final StackOptions options;
    private final List<String> components;
    private final Thread shutdownHook;
    private URI producerUrl;
    private String kafkaBootstrapServers;
    private String jdbcUrl;
    private boolean closed;

    private FaultStack(StackOptions options) {
        this.options = options;
        this.components = stack().componentNames().stream().filter(name -> !FlinkRoutingJob.NAME.equals(name)).toList();
        this.shutdownHook = new Thread(this::close, "fault-stack-shutdown");
    }

    private Stack stack() {
        return Stack.create(options);
    }

    /**
     * Starts every component on fixed free ports.
     *
     * @param rules the routing rules file the routing job runs
     * @param connectorConfigs the Kafka Connect connectors to register
     */
    static FaultStack start(Path repoRoot, Path rules, List<Path> connectorConfigs, PrintStream out) throws StackException {
        ProcessSupervisor.reapOrphans();
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("cdc-fanout-faults-");
            // Traversable by the postgres user, which runs PostgreSQL when the suite runs as root.
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(fixedPorts());
        environment.put(RulesRoutingJob.RULES_VARIABLE, rules.toAbsolutePath().toString());
        FaultStack faults = new FaultStack(new StackOptions(repoRoot, stateDir, false, connectorConfigs, false, environment,
                ProcessHandle.current().pid(), out));
        Runtime.getRuntime().addShutdownHook(faults.shutdownHook);
        try {
            Stack stack = faults.stack();
            stack.up(faults.components);
            // The ports stay the same across restarts: so do the addresses.
            faults.producerUrl = URI.create("http://" + stack.context().host() + ":" + stack.context().port(ProducerApi.NAME));
            faults.kafkaBootstrapServers = Kafka.bootstrapServers(stack.context());
            faults.jdbcUrl = Postgres.jdbcUrl(stack.context(), Postgres.DATABASE);
        } catch (StackException | RuntimeException e) {
            faults.close();
            throw e;
        }
        return faults;
    }

    /** A free port for every port of every component, as the {@code FANOUT_*_PORT} variables the stack honours. */
    private static Map<String, String> fixedPorts() {
        Map<String, String> ports = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (Component component : ServiceLoader.load(Component.class)) {
            for (String portName : component.defaultPorts().keySet()) {
                int port;
                do {
                    port = Ports.freePort();
                } while (!taken.add(port));
                ports.put(PortPlan.variable(component.name(), portName), Integer.toString(port));
            }
        }
        return ports;
    }

    /** Starts whatever is not running (all of the suite's components); returns those that had exited. */
    List<String> up() throws StackException {
        Stack stack = stack();
        List<String> exited = stack.status().stream()
                .filter(status -> components.contains(status.name()) && ComponentStatus.EXITED.equals(status.state()))
                .map(ComponentStatus::name).toList();
        stack.up(components);
        return exited;
    }

    /** Starts these components (and what they depend on) if they are not running. */
    void start(String... names) throws StackException {
        stack().up(List.of(names));
    }

    /** {@code kill -9} of a component's process (and its children). */
    void kill(String component) throws IOException {
        ProcessHandle process = process(component)
                .orElseThrow(() -> new IllegalStateException(component + " is not running: nothing to kill"));
        kill(component, process);
    }

    /** {@code kill -9} of a component's process if it still runs. */
    void killIfRunning(String component) throws IOException {
        Optional<ProcessHandle> process = process(component);
        if (process.isPresent()) {
            kill(component, process.get());
        }
    }

    private Optional<ProcessHandle> process(String component) throws IOException {
        StackState.Entry entry = StackState.load(options.stateDir()).components().get(component);
        return entry == null ? Optional.empty() : ProcessSupervisor.find(entry.pid(), entry.startedAtMillis());
    }

    private static void kill(String component, ProcessHandle process) {
        if (!ProcessSupervisor.kill(process, KILL_WAIT)) {
            throw new IllegalStateException(component + " (pid " + process.pid() + ") still runs " + KILL_WAIT.toSeconds() + " s after kill -9");
        }
    }

    /** Stops a component the way {@code ./fanout} does (for PostgreSQL: fast shutdown). */
    void stop(String component) throws StackException {
        stack().stop(component);
    }

    /** Stops every component, keeping their data: {@code ./fanout down} without {@code --purge}. */
    void down() throws StackException {
        stack().down(false);
    }

    URI producerUrl() {
        return producerUrl;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Stops every component and deletes the state directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: this is the hook
        }
        try {
            stack().down(true);
        } catch (StackException | RuntimeException e) {
            System.err.println("fault stack in " + options.stateDir() + " did not stop cleanly: " + e.getMessage());
        }
    }
}
