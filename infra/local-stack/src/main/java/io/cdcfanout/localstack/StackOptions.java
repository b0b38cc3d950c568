package io.cdcfanout.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Stack} runs.
 *
 * @param repoRoot the cdc-fanout checkout whose build output the components run
 * @param stateDir where the stack keeps data, logs, pids and ports ({@code .fanout/} for the CLI)
 * @param freePorts true to pick free ports (tests); false to use the defaults and
 *     {@code FANOUT_*_PORT} overrides (the CLI)
 * @param connectorConfigs Kafka Connect connector files to register once Connect is ready
 * @param buildMissing true to run the Maven build for components whose build output is missing
 * @param environment the environment that overrides come from (normally {@code System.getenv()})
 * @param ownerPid when not 0, the JVM that owns the processes: if it dies without stopping them,
 *     the next test run reaps them
 * @param out where progress goes
 */
public record StackOptions(
        Path repoRoot,
        Path stateDir,
        boolean freePorts,
        List<Path> connectorConfigs,
        boolean buildMissing,
        Map<String, String> environment,
        long ownerPid,
        PrintStream out) {

    public StackOptions {
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(stateDir, "stateDir");
        connectorConfigs = List.copyOf(connectorConfigs);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(out, "out");
    }
}
