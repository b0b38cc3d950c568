package io.cdcfanout.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a {@link Component} sees of the stack: directories, ports and the other components. */
public final class StackContext {

    private final StackOptions options;
    private final Map<String, Component> components;
    private final Map<String, Map<String, Integer>> ports = new ConcurrentHashMap<>();

    StackContext(StackOptions options, Map<String, Component> components) {
        this.options = options;
        this.components = components;
    }

    public StackOptions options() {
        return options;
    }

    public Path repoRoot() {
        return options.repoRoot();
    }

    /** The component's own directory under the state directory, created on first use. */
    public Path componentDir(String component) {
        Path dir = options.stateDir().resolve(component);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file a tool keeps beside the stack, e.g. the last sample of {@code ./fanout status --pipeline}; deleted
     * with the stack's data. Its directory is created on first use.
     */
    public Path toolFile(String name) {
        Path dir = options.stateDir().resolve(StateDirectory.TOOLS);
        try {
            return Files.createDirectories(dir).resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile(String component) {
        return options.stateDir().resolve("logs").resolve(component + ".log");
    }

    /** The loopback address every component binds to. */
    public String host() {
        return "127.0.0.1";
    }

    public int port(String component) {
        return port(component, "port");
    }

    public int port(String component, String portName) {
        Integer port = ports.getOrDefault(component, Map.of()).get(portName);
        if (port == null) {
            throw new IllegalStateException("no port '" + portName + "' assigned to " + component);
        }
        return port;
    }

    void assignPorts(String component, Map<String, Integer> assigned) {
        ports.put(component, Map.copyOf(assigned));
    }

    Map<String, Integer> portsOf(String component) {
        return ports.getOrDefault(component, Map.of());
    }

    boolean hasPorts(String component) {
        return ports.containsKey(component);
    }

    /** The java launcher of the JDK running the stack (21 or newer). */
    public Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The classpath a build module wrote to {@code target/runtime-classpath.txt}.
     *
     * @param module path of the module from the repository root
     */
    public String runtimeClasspath(String module) {
        Path file = repoRoot().resolve(module).resolve("target/runtime-classpath.txt");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + file + ": build the module first", e);
        }
    }

    /** Whether a module's runtime classpath file exists and every jar on it is present. */
    public boolean hasRuntimeClasspath(String module) {
        Path file = repoRoot().resolve(module).resolve("target/runtime-classpath.txt");
        if (!Files.isRegularFile(file)) {
            return false;
        }
        for (String entry : runtimeClasspath(module).split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    /** A module's compiled classes followed by its runtime classpath: how its own main classes run. */
    public String moduleClasspath(String module) {
        return repoRoot().resolve(module).resolve("target/classes") + java.io.File.pathSeparator + runtimeClasspath(module);
    }

    /** Whether {@link #moduleClasspath} is complete: classes compiled and every dependency present. */
    public boolean hasModuleClasspath(String module) {
        return Files.isDirectory(repoRoot().resolve(module).resolve("target/classes")) && hasRuntimeClasspath(module);
    }

    /** The exports of every component of the stack that has ports assigned. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        components.values().forEach(component -> {
            if (hasPorts(component.name())) {
                env.putAll(component.exports(this));
            }
        });
        return env;
    }

    public Component component(String name) {
        return components.get(name);
    }
}
