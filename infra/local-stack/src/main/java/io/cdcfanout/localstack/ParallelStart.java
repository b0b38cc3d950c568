package io.cdcfanout.localstack;

import io.cdcfanout.localstack.process.LogTail;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import io.cdcfanout.localstack.process.StackState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One {@code up}: starts each component as soon as what it depends on is ready, in parallel otherwise; on a failure
 * or an interrupt (Ctrl-C) stops exactly the components it started, so no half-started stack is left behind.
 */
final class ParallelStart {

    /** Stops one component and forgets it in the state; true when it was running. */
    interface Stopper {
        boolean stop(String name, StackState state);
    }

    private final StackOptions options;
    private final StackContext ctx;
    private final Map<String, Component> components;
    private final StartOrder order;
    private final StackState state;
    private final Stopper stopper;
    private final List<String> started = new ArrayList<>();
    private boolean aborted;

    ParallelStart(StackOptions options, StackContext ctx, Map<String, Component> components, StartOrder order, StackState state,
            Stopper stopper) {
        this.options = options;
        this.ctx = ctx;
        this.components = components;
        this.order = order;
        this.state = state;
        this.stopper = stopper;
    }

    void run(List<String> toStart) throws StackException {
        Map<String, CompletableFuture<Void>> starting = new ConcurrentHashMap<>();
        Thread abortHook = new Thread(this::abort, "fanout-abort");
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
                        .map(starting::get)
                        .filter(Objects::nonNull)
                        .toArray(CompletableFuture[]::new);
                starting.put(name, CompletableFuture.allOf(deps).thenRunAsync(() -> startOne(component), pool));
            }
            CompletableFuture.allOf(starting.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            options.out().println("Stopping what this command started…");
            // Let components still starting finish or fail before stopping them.
            starting.values().forEach(future -> future.exceptionally(ignored -> null).join());
            stopAll();
            if (cause instanceof StartFailure failure) {
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
    }

    private void startOne(Component component) {
        String name = component.name();
        long began = System.nanoTime();
        try {
            ProcessSpec spec = component.prepare(ctx);
            Map<String, String> env = new HashMap<>(ctx.environment());
            if (options.ownerPid() > 0) {
                env.put(ProcessSupervisor.OWNER_ENV, Long.toString(options.ownerPid()));
            }
            options.out().printf("  %-22s starting%n", name);
            Process process = launch(name, spec, env);
            awaitReady(component, process);
            component.afterReady(ctx);
            options.out().printf("  %-22s ready in %4.1f s   %s%n", name, (System.nanoTime() - began) / 1e9, component.address(ctx));
        } catch (StackException e) {
            throw new StartFailure(e);
        } catch (Exception e) {
            throw new StartFailure(new StackException(name + " failed to start: " + e.getMessage()
                    + " (see ./fanout logs " + name + ")", e));
        }
    }

    private synchronized Process launch(String name, ProcessSpec spec, Map<String, String> env) throws IOException, StackException {
        if (aborted) {
            throw new StackException("interrupted before " + name + " started");
        }
        Process process = ProcessSupervisor.start(spec, env, ctx.logFile(name));
        ProcessHandle handle = process.toHandle();
        started.add(name);
        state.put(name, new StackState.Entry(handle.pid(), ProcessSupervisor.startMillis(handle), ctx.portsOf(name)));
        return process;
    }

    private void awaitReady(Component component, Process process) throws StackException, InterruptedException {
        String name = component.name();
        long deadline = System.nanoTime() + component.startTimeout().toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new StackException(
                        name + " exited during start with code " + process.exitValue() + "; last lines of its log follow (all of it: ./fanout logs " + name + ")",
                        LogTail.of(ctx.logFile(name), 15), null);
            }
            if (component.isReady(ctx)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(name + " was not ready after " + component.startTimeout().toSeconds()
                        + " s; last lines of its log follow (all of it: ./fanout logs " + name + ")", LogTail.of(ctx.logFile(name), 15), null);
            }
            Thread.sleep(200);
        }
    }

    private synchronized void stopAll() {
        aborted = true;
        List<String> reverse = new ArrayList<>(order.sorted(started));
        Collections.reverse(reverse);
        for (String name : reverse) {
            stopper.stop(name, state);
        }
        started.clear();
    }

    private void abort() {
        options.out().println("Interrupted: stopping what this command started…");
        stopAll();
    }

    /** Carries a StackException through CompletableFuture. */
    private static final class StartFailure extends RuntimeException {
        private final StackException exception;

        StartFailure(StackException exception) {
            super(exception.getMessage(), exception, false, false);
            this.exception = exception;
        }
    }
}
