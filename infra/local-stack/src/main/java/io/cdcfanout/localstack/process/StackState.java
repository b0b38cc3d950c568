package io.cdcfanout.localstack.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the stack has started, kept in {@code state.json} under the state directory so that
 * {@code status}, {@code down} and {@code logs} work from any later invocation.
 */
public final class StackState {

    /** One started component. */
    public record Entry(long pid, long startedAtMillis, Map<String, Integer> ports) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Entry> components;

    private StackState(Path file, Map<String, Entry> components) {
        this.file = file;
        this.components = components;
    }

    public static StackState load(Path stateDir) throws IOException {
        Path file = stateDir.resolve("state.json");
        Map<String, Entry> components = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            var root = JSON.readTree(file.toFile()).path("components");
            for (var field : root.properties()) {
                components.put(field.getKey(), JSON.treeToValue(field.getValue(), Entry.class));
            }
        }
        return new StackState(file, components);
    }

    public synchronized Map<String, Entry> components() {
        return new LinkedHashMap<>(components);
    }

    public synchronized void put(String component, Entry entry) throws IOException {
        components.put(component, entry);
        save();
    }

    public synchronized void remove(String component) throws IOException {
        components.remove(component);
        save();
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("state.json.tmp");
        JSON.writeValue(temp.toFile(), Map.of("components", components));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
