package io.cdcfanout.localstack.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Http;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The parts of Kafka Connect's REST API that the stack and the tests use. */
public final class ConnectClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    public ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Creates or updates the connector (idempotent, so {@code up} after a restart is safe) and
     * waits until it and all its tasks run.
     */
    public void apply(ConnectorConfig connector, Duration timeout) throws StackException, InterruptedException {
        String name = connector.name();
        try {
            Http.Response response = Http.put(baseUrl + "/connectors/" + encode(name) + "/config", JSON.writeValueAsString(connector.config()));
            if (!response.ok()) {
                throw new StackException("Kafka Connect rejected " + connector.source() + " (HTTP " + response.status() + "): " + message(response.body()));
            }
        } catch (IOException e) {
            throw new StackException("cannot reach Kafka Connect at " + baseUrl + ": " + e.getMessage(), e);
        }
        awaitRunning(name, timeout);
    }

    /** Waits until the connector and every task report RUNNING; fails fast on FAILED. */
    public void awaitRunning(String name, Duration timeout) throws StackException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            try {
                Http.Response response = Http.get(baseUrl + "/connectors/" + encode(name) + "/status");
                if (response.ok()) {
                    JsonNode status = JSON.readTree(response.body());
                    String connectorState = status.path("connector").path("state").asText();
                    JsonNode tasks = status.path("tasks");
                    if ("FAILED".equals(connectorState)) {
                        throw new StackException("connector " + name + " FAILED: " + firstLine(status.path("connector").path("trace").asText()));
                    }
                    boolean allRunning = "RUNNING".equals(connectorState) && !tasks.isEmpty();
                    for (JsonNode task : tasks) {
                        if ("FAILED".equals(task.path("state").asText())) {
                            throw new StackException("connector " + name + " task " + task.path("id").asText() + " FAILED: " + firstLine(task.path("trace").asText()));
                        }
                        allRunning &= "RUNNING".equals(task.path("state").asText());
                    }
                    if (allRunning) {
                        return;
                    }
                    last = "connector " + connectorState + ", " + tasks.size() + " task(s)";
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(250);
        }
        throw new StackException("connector " + name + " was not RUNNING after " + timeout.toSeconds() + " s (" + last + ")");
    }

    /**
     * Restarts the connector's FAILED instance and FAILED tasks (running ones are left alone). A
     * restarted source task resumes from the last source offset Connect committed: nothing is skipped.
     */
    public void restartFailed(String name) throws StackException, InterruptedException {
        try {
            Http.Response response = Http.post(baseUrl + "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=true");
            if (!response.ok()) {
                throw new StackException("Kafka Connect refused to restart " + name + " (HTTP " + response.status() + "): " + message(response.body()));
            }
        } catch (IOException e) {
            throw new StackException("cannot reach Kafka Connect at " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits (up to {@code timeout}) until a restart requested by {@link #restartFailed} shows in the
     * status: Connect answers the request before its status topic says RESTARTING, so a status read
     * at once may still be the old FAILED one. Returns early once nothing reports FAILED.
     */
    public void awaitRestartSeen(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Http.Response response = Http.get(baseUrl + "/connectors/" + encode(name) + "/status");
                if (response.ok() && !response.body().contains("\"FAILED\"")) {
                    return;
                }
            } catch (IOException e) {
                // Connect busy restarting: ask again
            }
            Thread.sleep(250);
        }
    }

    /** The names of the worker's connectors. */
    public List<String> connectors() throws StackException, InterruptedException {
        try {
            Http.Response response = Http.get(baseUrl + "/connectors");
            if (!response.ok()) {
                throw new StackException("Kafka Connect answered HTTP " + response.status() + " listing connectors: " + message(response.body()));
            }
            List<String> names = new ArrayList<>();
            JSON.readTree(response.body()).forEach(name -> names.add(name.asText()));
            return names;
        } catch (IOException e) {
            throw new StackException("cannot reach Kafka Connect at " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the connector; missing connectors are fine. */
    public void delete(String name) throws IOException, InterruptedException {
        Http.delete(baseUrl + "/connectors/" + encode(name));
    }

    /** The state of a connector ({@code RUNNING}, {@code PAUSED}, {@code FAILED}…), or empty when unknown. */
    public String state(String name) {
        try {
            Http.Response response = Http.get(baseUrl + "/connectors/" + encode(name) + "/status");
            return response.ok() ? JSON.readTree(response.body()).path("connector").path("state").asText() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
