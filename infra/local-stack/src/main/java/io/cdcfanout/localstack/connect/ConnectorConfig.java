package io.cdcfanout.localstack.connect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.localstack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Kafka Connect connector file, {@code {"name": …, "config": {…}}}: the format of Connect's
 * {@code POST /connectors}, so the same file works with curl, docker-compose and the local stack.
 * Values may reference the environment of the Connect worker as {@code ${env:NAME}}.
 */
public record ConnectorConfig(Path source, String name, ObjectNode config) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Every {@code *.json} file of a directory, sorted by name. */
    public static List<Path> filesIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads and checks a file; the message of the exception names the file and the problem. */
    public static ConnectorConfig read(Path file) throws StackException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new StackException("connector file " + file + " is not valid JSON at line " + (location == null ? "?" : location.getLineNr())
                    + ", column " + (location == null ? "?" : location.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StackException("cannot read connector file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StackException("connector file " + file + " must hold a JSON object {\"name\": …, \"config\": {…}}");
        }
        List<String> problems = new ArrayList<>();
        String name = root.path("name").asText("");
        if (!root.path("name").isTextual() || name.isBlank()) {
            problems.add("\"name\" must be a non-empty string");
        } else if (!name.matches("[A-Za-z0-9._-]+")) {
            problems.add("\"name\" '" + name + "' may only use letters, digits, '.', '_' and '-'");
        }
        JsonNode config = root.path("config");
        if (!config.isObject()) {
            problems.add("\"config\" must be an object");
        } else {
            if (!config.path("connector.class").isTextual()) {
                problems.add("\"config\" needs \"connector.class\"");
            }
            config.properties().forEach(entry -> {
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    problems.add("config value \"" + entry.getKey() + "\" must be a string, number or boolean");
                }
            });
            if (config.has("name") && !config.path("name").asText().equals(name)) {
                problems.add("config \"name\" differs from the top-level \"name\"");
            }
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name") && !field.equals("config") && !field.startsWith("$")) {
                problems.add("unknown field \"" + field + "\" (allowed: name, config)");
            }
        });
        if (!problems.isEmpty()) {
            throw new StackException("connector file " + file + ": " + String.join("; ", problems));
        }
        ObjectNode values = JSON.createObjectNode();
        config.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return new ConnectorConfig(file, name, values);
    }
}
