package io.cdcfanout.fanout.cli;

import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./fanout} run as a user runs it, in a process of its own, by the command-line tests.
 *
 * @param exitCode its exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record FanoutRun(int exitCode, String out, String err) {

    private static final long TIMEOUT_SECONDS = 300;

    /** Runs {@code ./fanout args…} against the stack in {@code stateDir} (null: the default one) and waits for it. */
    static FanoutRun of(Path stateDir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path errFile = Files.createTempFile("fanout-err", ".txt");
        try {
            Process process = start(stateDir, environment, errFile, args);
            // Standard error goes to a file: reading both pipes one after the other could block on a full one.
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("./fanout " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new FanoutRun(process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(errFile);
        }
    }

    /** Runs {@code ./fanout args…} against the test stack. */
    static FanoutRun of(TestStack stack, String... args) throws IOException, InterruptedException {
        return of(stack.context().options().stateDir(), Map.of(), args);
    }

    /** Starts {@code ./fanout args…} and returns at once, standard error to {@code errFile}: for tests that stop it. */
    static Process start(Path stateDir, Map<String, String> environment, Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(TestStack.repoRoot().resolve("fanout").toString()));
        if (stateDir != null) {
            command.addAll(List.of("--state-dir", stateDir.toString()));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errFile.toFile());
        builder.environment().remove("FANOUT_STATE_DIR");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }
}
