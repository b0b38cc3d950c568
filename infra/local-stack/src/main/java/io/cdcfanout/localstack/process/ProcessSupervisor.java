package io.cdcfanout.localstack.process;

import io.cdcfanout.localstack.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts component processes detached from the caller, and stops them again. */
public final class ProcessSupervisor {

    /** Set on every process a test stack starts: the JVM that must stop it. */
    public static final String OWNER_ENV = "FANOUT_OWNER_PID";

    private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));

    private ProcessSupervisor() {}

    /**
     * Starts the process in its own session (so a Ctrl-C in the terminal that ran
     * {@code ./fanout up} does not reach it), with output appended to the log file.
     */
    public static Process start(ProcessSpec spec, Map<String, String> environment, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        if (HAS_SETSID) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        builder.environment().putAll(spec.environment());
        return builder.start();
    }

    /** Runs a short command to completion, e.g. initdb; returns its exit code. */
    public static int run(List<String> command, Path workingDirectory, Map<String, String> environment, Path logFile, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /**
     * The live process with this pid, if it is the one that was started at {@code startedAt}
     * (a pid can be reused by an unrelated process after ours exited).
     */
    public static Optional<ProcessHandle> find(long pid, long startedAtMillis) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant()
                        .map(start -> Math.abs(start.toEpochMilli() - startedAtMillis) < 2_000)
                        .orElse(true));
    }

    public static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Asks the process to stop with the given signal, waits, then kills it and whatever it
     * started.
     *
     * @return true if it stopped on the signal, false if it had to be killed
     */
    public static boolean stop(ProcessHandle process, String signal, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        signal(process.pid(), signal);
        boolean clean = process.onExit().completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS).join() != null;
        if (!clean) {
            process.destroyForcibly();
            process.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        }
        // Children outlive a parent that was killed; never leave them behind.
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return clean;
    }

    /**
     * Kills the process and whatever it started at once ({@code kill -9}: no shutdown hook, no clean close), as a
     * crash or an OOM killer would, and waits until it is gone.
     *
     * @return false if it was still alive after {@code wait}
     */
    public static boolean kill(ProcessHandle process, Duration wait) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        return process.onExit().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).join() != null;
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills processes that a test stack started for a JVM that no longer runs (a test run that
     * was killed before its shutdown hook could stop them). Returns how many it killed.
     */
    public static int reapOrphans() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        int reaped = 0;
        try (var entries = Files.list(proc)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long owner = ownerOf(entry.resolve("environ"));
                if (owner > 0 && ProcessHandle.of(owner).isEmpty()) {
                    ProcessHandle.of(Long.parseLong(name)).ifPresent(ProcessHandle::destroyForcibly);
                    reaped++;
                }
            }
        } catch (IOException e) {
            return reaped;
        }
        return reaped;
    }

    private static long ownerOf(Path environ) {
        try {
            String prefix = OWNER_ENV + "=";
            for (String variable : new String(Files.readAllBytes(environ)).split("\0")) {
                if (variable.startsWith(prefix)) {
                    return Long.parseLong(variable.substring(prefix.length()));
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return 0;
        }
        return 0;
    }
}
