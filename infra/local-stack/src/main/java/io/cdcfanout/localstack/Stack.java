package io.cdcfanout.localstack;

import io.cdcfanout.localstack.process.ProcessSupervisor;
import io.cdcfanout.localstack.process.StackState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts, stops and reports the components of the local stack. The same class serves the
 * {@code ./fanout} CLI and the test fixture; only {@link StackOptions} differ. The work is done by
 * {@link StartOrder} (the dependency graph), {@link PortPlan}, {@link ModuleBuild}, {@link ParallelStart}
 * and {@link StateDirectory}.
 */
public final class Stack {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackOptions options;
    private final Map<String, Component> components;
    private final StackContext ctx;
    private final StartOrder order;
    private final StateDirectory stateDir;

    private Stack(StackOptions options, Map<String, Component> components) {
        this.options = options;
        this.components = components;
        this.ctx = new StackContext(options, components);
        this.order = new StartOrder(components);
        this.stateDir = new StateDirectory(options.stateDir());
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
        return order.sorted(components.keySet());
    }

    /**
     * Starts the named components and what they depend on (all when {@code names} is empty),
     * skipping those already running. On any failure, stops what this call started.
     */
    public List<ComponentStatus> up(Collection<String> names) throws StackException {
        try (var lock = stateDir.lock()) {
            return doUp(names.isEmpty() ? components.keySet() : names);
        }
    }

    private List<ComponentStatus> doUp(Collection<String> names) throws StackException {
        List<String> startOrder = order.sorted(order.closure(names));
        StackState state = stateDir.load();
        Map<String, StackState.Entry> running = state.components();
        List<String> toStart = new ArrayList<>();
        for (String name : startOrder) {
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
                StateDirectory.forget(state, name);
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
        new PortPlan(options, components, ctx).assign(toStart);
        for (String name : toStart) {
            components.get(name).preflight(ctx);
        }
        new ModuleBuild(options, components, ctx).buildMissing(toStart);

        long began = System.nanoTime();
        new ParallelStart(options, ctx, components, order, state, this::stopOne).run(toStart);
        options.out().printf("Stack ready in %.1f s.%n", (System.nanoTime() - began) / 1e9);
        return status();
    }

    /**
     * Stops every component the stack started, in reverse start order, and optionally deletes
     * their data.
     *
     * @return the names of the components that were running
     */
    public List<String> down(boolean purge) throws StackException {
        List<String> stopped = new ArrayList<>();
        try (var lock = stateDir.lock()) {
            StackState state = stateDir.load();
            Map<String, StackState.Entry> entries = state.components();
            entries.forEach((name, entry) -> {
                if (components.containsKey(name)) {
                    ctx.assignPorts(name, entry.ports());
                }
            });
            List<String> stopOrder = new ArrayList<>(order.sorted(entries.keySet().stream().filter(components::containsKey).toList()));
            Collections.reverse(stopOrder);
            entries.keySet().stream().filter(name -> !components.containsKey(name)).forEach(stopOrder::add);
            for (String name : stopOrder) {
                if (stopOne(name, state)) {
                    stopped.add(name);
                }
            }
            if (purge) {
                components.values().forEach(component -> component.purge(ctx));
            }
        }
        if (purge) {
            stateDir.purge(components.keySet());
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
        Map<String, List<String>> needs = order.withDependents(names);
        List<String> stopped = new ArrayList<>();
        try (var lock = stateDir.lock()) {
            StackState state = stateDir.load();
            Map<String, StackState.Entry> entries = state.components();
            entries.forEach((name, entry) -> {
                if (components.containsKey(name) && !ctx.hasPorts(name)) {
                    ctx.assignPorts(name, entry.ports());
                }
            });
            List<String> stopOrder = new ArrayList<>(order.sorted(needs.keySet()));
            Collections.reverse(stopOrder);
            for (String name : stopOrder) {
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
                throw order.unknown(name);
            }
        }
    }

    /** Stops one component (not those depending on it), e.g. to see how the others cope. */
    public void stop(String name) throws StackException {
        checkNames(List.of(name));
        try (var lock = stateDir.lock()) {
            stopOne(name, stateDir.load());
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
        StateDirectory.forget(state, name);
        return process.isPresent();
    }

    /** The state of every known component. */
    public List<ComponentStatus> status() {
        StackState state = stateDir.load();
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
        checkNames(List.of(name));
        return ctx.logFile(name);
    }
}
