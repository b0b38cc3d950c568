package io.cdcfanout.consumers.projection;

import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged consumer of the module under test ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own,
 * on the stack's Kafka and PostgreSQL, so that a test can kill it (SIGKILL, no shutdown hooks) and start it again.
 */
public final class PackagedConsumer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedConsumer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the app with the stack's connection settings, a free HTTP port and {@code properties} (system properties,
     * e.g. the topic, group and view schema).
     */
    public static PackagedConsumer start(TestStack stack, Map<String, String> properties) throws IOException {
        int port = freePort();
        Path log = Files.createTempFile("consumer-", ".log");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        all.put("quarkus.datasource.jdbc.url", stack.jdbcUrl());
        all.put("quarkus.datasource.username", stack.databaseUser());
        all.put("quarkus.datasource.password", stack.databasePassword());
        all.put("quarkus.http.port", Integer.toString(port));
        all.putAll(properties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PackagedConsumer(process, port, log);
    }

    /** Base URL of the app's HTTP server, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether the app still runs (a start that failed ends it). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The app's output so far, for assertion messages (while it runs: stopping it deletes the output). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed on the way out. Deletes the output. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        deleteLog();
    }

    /** Graceful stop (SIGTERM). Deletes the output. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
        deleteLog();
    }

    private void deleteLog() {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
