package io.cdcfanout.localstack;

import io.cdcfanout.localstack.process.Ports;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import io.cdcfanout.localstack.process.StackState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Starts, stops and reports the components of the local stack. The same class serves the
 * {@code ./fanout} CLI and the test fixture; only {@link StackOptions} differ.
 */
public final class Stack {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** What the stack itself writes at the top of its state directory, besides component directories. */
    /** Where {@code ./fanout status --pipeline} keeps its last sample of the local stack, for rates. */
    public static final String PIPELINE_SAMPLE_FILE = "pipeline-sample.json";
    /** The same for {@code --target}. */
    public static final String REMOTE_PIPELINE_SAMPLE_FILE = "pipeline-sample-remote.json";
    private static final List<String> OWN_FILES = List.of("logs", "state.json", "state.json.tmp", "log4j2.properties", ".lock",
            PIPELINE_SAMPLE_FILE, REMOTE_PIPELINE_SAMPLE_FILE);

    private final StackOptions options;
    private final Map<String, Component> components;
    private final StackContext ctx;

    private Stack(StackOptions options, Map<String, Component> components) {
        this.options = options;
        this.components = components;
        this.ctx = new StackContext(options, components);
    }

    /** A stack of every component registered through {@link java.util.ServiceLoader}. */
    public static Stack create(StackOptions options) {
        Map<String, Component> found = new LinkedHashMap<>();
        ServiceLoader.load(Component.class).forEach(component -> found.put(component.name(), component));
        return new Stack(options, found);
    }

    public StackContext context() {
        return ctx;
    }

    /** Component names in start order. */
    public List<String> componentNames() {
        return startOrder(components.keySet());
    }

    /**
     * Starts the named components and what they depend on (all when {@code names} is empty),
     * skipping those already running. On any failure, stops what this call started.
     */
    public List<ComponentStatus> up(Collection<String> names) throws StackException {
        try (var lock = lock()) {
            return doUp(names.isEmpty() ? components.keySet() : names);
        }
    }

    private List<ComponentStatus> doUp(Collection<String> names) throws StackException {
        List<String> order = startOrder(closure(names));
        StackState state = loadState();
        Map<String, StackState.Entry> running = state.components();
        List<String> toStart = new ArrayList<>();
        for (String name : order) {
            StackState.Entry entry = running.get(name);
            Optional<ProcessHandle> alive = entry == null
                    ? Optional.empty()
                    : ProcessSupervisor.find(entry.pid(), entry.startedAtMillis());
            if (alive.isPresent()) {
                ctx.assignPorts(name, entry.ports());
                continue;
            }
            if (entry != null) {
                options.out().printf("  %-22s had exited; starting it again (its log: %s)%n", name, ctx.logFile(name));
                removeQuietly(state, name);
            }
            toStart.add(name);
        }
        // Ports of components outside this call that still run are known too (for their exports).
        state.components().forEach((name, entry) -> {
            if (!ctx.hasPorts(name) && components.containsKey(name)) {
                ctx.assignPorts(name, entry.ports());
            }
        });
        if (toStart.isEmpty()) {
            options.out().println("Everything requested is already running.");
            return status();
        }
        assignPorts(toStart);
        for (String name : toStart) {
            components.get(name).preflight(ctx);
        }
        buildMissing(toStart);

        long began = System.nanoTime();
        Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
        StartRun run = new StartRun(state);
        // Ctrl-C (or any JVM exit) during up stops what this command started: no half-started stack.
        Thread abortHook = new Thread(run::abort, "fanout-abort");
        Runtime.getRuntime().addShutdownHook(abortHook);
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fanout-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (String name : toStart) {
                Component component = components.get(name);
                CompletableFuture<?>[] deps = component.dependsOn().stream()
                        .map(started::get)
                        .filter(Objects::nonNull)
                        .toArray(CompletableFuture[]::new);
                started.put(name, CompletableFuture.allOf(deps).thenRunAsync(() -> startOne(component, run), pool));
            }
            CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            options.out().println("Stopping what this command started…");
            // Let components still starting finish or fail before stopping them.
            started.values().forEach(future -> future.exceptionally(ignored -> null).join());
            run.stopAll();
            if (cause instanceof StackFailure failure) {
                throw failure.exception;
            }
            throw new StackException("start failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(abortHook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting; the hook does the cleanup
            }
        }
        options.out().printf("Stack ready in %.1f s.%n", (System.nanoTime() - began) / 1e9);
        return status();
    }

    private void startOne(Component component, StartRun run) {
        String name = component.name();
        long began = System.nanoTime();
        try {
            ProcessSpec spec = component.prepare(ctx);
            Map<String, String> env = new HashMap<>(ctx.environment());
            if (options.ownerPid() > 0) {
                env.put(ProcessSupervisor.OWNER_ENV, Long.toString(options.ownerPid()));
            }
            options.out().printf("  %-22s starting%n", name);
            Process process = run.launch(name, spec, env);
            awaitReady(component, process);
            component.afterReady(ctx);
            options.out().printf("  %-22s ready in %4.1f s   %s%n", name, (System.nanoTime() - began) / 1e9, component.address(ctx));
        } catch (StackException e) {
            throw new StackFailure(e);
        } catch (Exception e) {
            throw new StackFailure(new StackException(name + " failed to start: " + e.getMessage()
                    + " (see ./fanout logs " + name + ")", e));
        }
    }

    private void awaitReady(Component component, Process process) throws StackException, InterruptedException {
        String name = component.name();
        long deadline = System.nanoTime() + component.startTimeout().toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new StackException(
                        name + " exited during start with code " + process.exitValue() + "; last lines of its log follow (all of it: ./fanout logs " + name + ")",
                        tail(ctx.logFile(name), 15), null);
            }
            if (component.isReady(ctx)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(name + " was not ready after " + component.startTimeout().toSeconds()
                        + " s; last lines of its log follow (all of it: ./fanout logs " + name + ")", tail(ctx.logFile(name), 15), null);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Stops every component the stack started, in reverse start order, and optionally deletes
     * their data.
     *
     * @return the names of the components that were running
     */
    public List<String> down(boolean purge) throws StackException {
        List<String> stopped = new ArrayList<>();
        try (var lock = lock()) {
            StackState state = loadState();
            Map<String, StackState.Entry> entries = state.components();
            entries.forEach((name, entry) -> {
                if (components.containsKey(name)) {
                    ctx.assignPorts(name, entry.ports());
                }
            });
            List<String> order = new ArrayList<>(startOrder(entries.keySet().stream().filter(components::containsKey).toList()));
            Collections.reverse(order);
            entries.keySet().stream().filter(name -> !components.containsKey(name)).forEach(order::add);
            for (String name : order) {
                if (stopOne(name, state)) {
                    stopped.add(name);
                }
            }
            if (purge) {
                components.values().forEach(component -> component.purge(ctx));
            }
        }
        if (purge) {
            purgeStateDir();
        }
        return stopped;
    }

    /**
     * Stops the named components and every running component that needs them, directly or through
     * another, dependents first; the others keep running. Data is kept and the ports stay this
     * Stack's, so {@code up} starts the stopped ones again where they were. No names: {@link #down(boolean)}.
     *
     * @return the names of the components that were running and are stopped now
     */
    public List<String> down(Collection<String> names) throws StackException {
        if (names.isEmpty()) {
            return down(false);
        }
        checkNames(names);
        // What each stopping component needs among the stopping ones: why it stops.
        Map<String, List<String>> needs = new LinkedHashMap<>();
        names.forEach(name -> needs.put(name, List.of()));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Component component : components.values()) {
                List<String> needed = component.dependsOn().stream().filter(needs::containsKey).toList();
                if (!needed.isEmpty() && !needs.containsKey(component.name())) {
                    needs.put(component.name(), needed);
                    grew = true;
                }
            }
        }
        List<String> stopped = new ArrayList<>();
        try (var lock = lock()) {
            StackState state = loadState();
            Map<String, StackState.Entry> entries = state.components();
            entries.forEach((name, entry) -> {
                if (components.containsKey(name) && !ctx.hasPorts(name)) {
                    ctx.assignPorts(name, entry.ports());
                }
            });
            List<String> order = new ArrayList<>(startOrder(needs.keySet()));
            Collections.reverse(order);
            for (String name : order) {
                String label = needs.get(name).isEmpty() ? name : name + " (needs " + String.join(", ", needs.get(name)) + ")";
                if (stopOne(name, label, state)) {
                    stopped.add(name);
                } else if (names.contains(name)) {
                    options.out().printf("  %-22s was not running%n", name);
                }
            }
        }
        return stopped;
    }

    /** Refuses any name that is not a component, naming the known ones. */
    public void checkNames(Collection<String> names) throws StackException {
        for (String name : names) {
            if (!components.containsKey(name)) {
                throw unknown(name);
            }
        }
    }

    /** Stops one component (not those depending on it), e.g. to see how the others cope. */
    public void stop(String name) throws StackException {
        if (!components.containsKey(name)) {
            throw unknown(name);
        }
        try (var lock = lock()) {
            stopOne(name, loadState());
        }
    }

    private boolean stopOne(String name, StackState state) {
        return stopOne(name, name, state);
    }

    /** Stops a component if it runs and forgets it either way; {@code label} is what the output calls it. */
    private boolean stopOne(String name, String label, StackState state) {
        StackState.Entry entry = state.components().get(name);
        if (entry == null) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessSupervisor.find(entry.pid(), entry.startedAtMillis());
        Component component = components.get(name);
        if (process.isPresent()) {
            String signal = component == null ? "TERM" : component.stopSignal();
            boolean clean = ProcessSupervisor.stop(process.get(), signal, STOP_GRACE);
            options.out().printf("  %-22s stopped%s%n", label, clean ? "" : " (killed: it did not stop within " + STOP_GRACE.toSeconds() + " s)");
        }
        removeQuietly(state, name);
        return process.isPresent();
    }

    /** The state of every known component. */
    public List<ComponentStatus> status() {
        StackState state = loadState();
        Map<String, StackState.Entry> entries = state.components();
        List<ComponentStatus> result = new ArrayList<>();
        for (String name : componentNames()) {
            Component component = components.get(name);
            StackState.Entry entry = entries.get(name);
            if (entry == null) {
                result.add(new ComponentStatus(name, ComponentStatus.STOPPED, "", 0, ctx.logFile(name).toString(), component.description()));
                continue;
            }
            ctx.assignPorts(name, entry.ports());
            boolean alive = ProcessSupervisor.find(entry.pid(), entry.startedAtMillis()).isPresent();
            String stateName = !alive ? ComponentStatus.EXITED
                    : component.isReady(ctx) ? ComponentStatus.HEALTHY : ComponentStatus.UNHEALTHY;
            result.add(new ComponentStatus(name, stateName, component.address(ctx), alive ? entry.pid() : 0,
                    ctx.logFile(name).toString(), component.description()));
        }
        return result;
    }

    /** The log file of a component, whether or not it runs. */
    public Path logFile(String name) throws StackException {
        if (!components.containsKey(name)) {
            throw unknown(name);
        }
        return ctx.logFile(name);
    }

    private StackState loadState() {
        try {
            return StackState.load(options.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.stateDir().resolve("state.json"), e);
        }
    }

    private void removeQuietly(StackState state, String name) {
        try {
            state.remove(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assignPorts(List<String> toStart) throws StackException {
        Map<Integer, String> claimed = new HashMap<>();
        // A component started again gives up its old ports first: they are its own, not a clash.
        components.keySet().stream().filter(name -> !toStart.contains(name))
                .forEach(name -> ctx.portsOf(name).forEach((portName, port) -> claimed.put(port, name)));
        if (!options.freePorts()) {
            // Settings first: a malformed FANOUT_*_PORT is reported whatever else is listening on this machine.
            for (String name : toStart) {
                for (String portName : components.get(name).defaultPorts().keySet()) {
                    portOverride(portVariable(name, portName));
                }
            }
        }
        for (String name : toStart) {
            Map<String, Integer> previous = ctx.portsOf(name);
            Map<String, Integer> assigned = new LinkedHashMap<>();
            for (var port : components.get(name).defaultPorts().entrySet()) {
                String variable = portVariable(name, port.getKey());
                int chosen;
                Integer before = previous.get(port.getKey());
                if (options.freePorts() && before != null && !claimed.containsKey(before) && Ports.isFree(before)) {
                    // Restarted by the same Stack: keep the address the others already know.
                    chosen = before;
                } else if (options.freePorts()) {
                    do {
                        chosen = Ports.freePort();
                    } while (claimed.containsKey(chosen));
                } else {
                    Integer override = portOverride(variable);
                    chosen = override != null ? override : port.getValue();
                    if (claimed.containsKey(chosen)) {
                        throw new StackException("port " + chosen + " is wanted by both " + claimed.get(chosen) + " and " + name
                                + "; give one of them another with " + variable + "=<port>");
                    }
                    if (!Ports.isFree(chosen)) {
                        throw new StackException("port " + chosen + " (" + name + ") is already in use by another program; stop it, or choose another port with "
                                + variable + "=<port>");
                    }
                }
                claimed.put(chosen, name);
                assigned.put(port.getKey(), chosen);
            }
            ctx.assignPorts(name, assigned);
        }
    }

    /** The port {@code variable} sets, or null when it is not set. */
    private Integer portOverride(String variable) throws StackException {
        String override = options.environment().get(variable);
        if (override == null) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(override.trim());
        } catch (NumberFormatException e) {
            throw new StackException(variable + "='" + override + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new StackException(variable + "=" + port + " is outside 1-65535");
        }
        return port;
    }

    /** The environment variable that overrides a port: FANOUT_KAFKA_PORT, FANOUT_KAFKA_CONTROLLER_PORT. */
    public static String portVariable(String component, String portName) {
        String base = "FANOUT_" + component.toUpperCase(Locale.ROOT).replace('-', '_');
        return "port".equals(portName) ? base + "_PORT" : base + "_" + portName.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
    }

    private void buildMissing(List<String> toStart) throws StackException {
        Set<String> modules = new LinkedHashSet<>();
        for (String name : toStart) {
            Component component = components.get(name);
            if (!component.isBuilt(ctx)) {
                modules.addAll(component.buildModules());
            }
        }
        if (modules.isEmpty()) {
            return;
        }
        if (!options.buildMissing()) {
            throw new StackException("not built yet: " + String.join(", ", modules) + "; run ./mvnw install -DskipTests first");
        }
        options.out().println("Building " + String.join(", ", modules) + " (first run only; output in " + ctx.logFile("build") + ")…");
        List<String> command = List.of(options.repoRoot().resolve("mvnw").toString(), "-B", "-DskipTests", "install", "-pl", String.join(",", modules), "-am");
        try {
            int exit = ProcessSupervisor.run(command, options.repoRoot(), Map.of(), ctx.logFile("build"), Duration.ofMinutes(30));
            if (exit != 0) {
                throw new StackException("the build failed (exit " + exit + "); see " + ctx.logFile("build"), tail(ctx.logFile("build"), 20), null);
            }
        } catch (IOException e) {
            throw new StackException("could not run the build: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while building");
        }
    }

    private Set<String> closure(Collection<String> names) throws StackException {
        Set<String> result = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            String name = pending.remove(0);
            Component component = components.get(name);
            if (component == null) {
                throw unknown(name);
            }
            if (result.add(name)) {
                pending.addAll(component.dependsOn());
            }
        }
        return result;
    }

    private StackException unknown(String name) {
        return new StackException("unknown component '" + name + "'; known: " + String.join(", ", componentNames()));
    }

    /** Dependencies first; otherwise in registration order. */
    private List<String> startOrder(Collection<String> names) {
        List<String> registered = new ArrayList<>(components.keySet());
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        names.stream().sorted(Comparator.comparingInt(registered::indexOf)).forEach(name -> visit(name, Set.copyOf(names), ordered, visiting));
        return ordered;
    }

    private void visit(String name, Set<String> wanted, List<String> ordered, Set<String> visiting) {
        if (ordered.contains(name) || !components.containsKey(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IllegalStateException("components depend on each other in a cycle: " + visiting);
        }
        for (String dependency : components.get(name).dependsOn()) {
            if (wanted.contains(dependency)) {
                visit(dependency, wanted, ordered, visiting);
            }
        }
        visiting.remove(name);
        ordered.add(name);
    }

    /** The state directory's lock, held for the duration of one command. */
    private interface Lock extends AutoCloseable {
        @Override
        void close() throws StackException;
    }

    private Lock lock() throws StackException {
        try {
            Files.createDirectories(options.stateDir());
            FileChannel channel = FileChannel.open(options.stateDir().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StackException("another ./fanout command is working on " + options.stateDir() + "; wait for it to finish");
            }
            FileLock held = lock;
            return () -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new StackException("cannot release the lock on " + options.stateDir() + ": " + e.getMessage(), e);
                }
            };
        } catch (IOException e) {
            throw new StackException("cannot use the state directory " + options.stateDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what the stack wrote in its state directory — component directories and its own
     * files — and nothing else, so a mistaken state directory never costs a user's files.
     */
    private void purgeStateDir() {
        Path dir = options.stateDir();
        components.keySet().forEach(name -> deleteRecursively(dir.resolve(name)));
        OWN_FILES.forEach(file -> deleteRecursively(dir.resolve(file)));
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // other files live there: not ours to delete
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a file, for error messages. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(each -> {
                try {
                    Files.deleteIfExists(each);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The components one {@code up} started, so that a failure or an interrupt stops exactly those. */
    private final class StartRun {
        private final StackState state;
        private final List<String> started = new ArrayList<>();
        private boolean aborted;

        StartRun(StackState state) {
            this.state = state;
        }

        synchronized Process launch(String name, ProcessSpec spec, Map<String, String> env) throws IOException, StackException {
            if (aborted) {
                throw new StackException("interrupted before " + name + " started");
            }
            Process process = ProcessSupervisor.start(spec, env, ctx.logFile(name));
            ProcessHandle handle = process.toHandle();
            started.add(name);
            state.put(name, new StackState.Entry(handle.pid(), ProcessSupervisor.startMillis(handle), ctx.portsOf(name)));
            return process;
        }

        synchronized void stopAll() {
            aborted = true;
            List<String> reverse = new ArrayList<>(startOrder(started));
            Collections.reverse(reverse);
            for (String name : reverse) {
                stopOne(name, state);
            }
            started.clear();
        }

        void abort() {
            options.out().println("Interrupted: stopping what this command started…");
            stopAll();
        }
    }

    /** Carries a StackException through CompletableFuture. */
    private static final class StackFailure extends RuntimeException {
        private final StackException exception;

        StackFailure(StackException exception) {
            super(exception.getMessage(), exception, false, false);
            this.exception = exception;
        }
    }
}
