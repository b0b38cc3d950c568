package io.cdcfanout.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One process of the local stack (PostgreSQL, Kafka, Connect, the registry, Flink, an app).
 *
 * <p>Components are found with {@link java.util.ServiceLoader}: adding one to the stack means
 * writing a class that implements this interface and listing it in
 * {@code META-INF/services/io.cdcfanout.localstack.Component}; the launcher core does not change.
 * The stack starts a component once everything it {@linkplain #dependsOn() depends on} is ready,
 * and stops components in the reverse order.
 */
public interface Component {

    /** Short lowercase name used on the command line, in logs and in environment variable names. */
    String name();

    /** One line for {@code ./fanout status}. */
    String description();

    /** Names of the components that must be ready before this one starts. */
    default List<String> dependsOn() {
        return List.of();
    }

    /**
     * The ports this component listens on, by name, with the defaults that {@code ./fanout up}
     * uses. A port named {@code port} is overridden by {@code FANOUT_<NAME>_PORT}, any other by
     * {@code FANOUT_<NAME>_<PORTNAME>_PORT}; tests get free ports instead.
     */
    Map<String, Integer> defaultPorts();

    /** Maven modules (paths from the repository root) whose build output this component runs. */
    default List<String> buildModules() {
        return List.of();
    }

    /** Whether the build output this component needs exists. */
    default boolean isBuilt(StackContext ctx) {
        return true;
    }

    /**
     * Checks made before anything starts, such as required binaries or configuration files.
     *
     * @throws StackException with a one-line explanation and what to do about it
     */
    default void preflight(StackContext ctx) throws StackException {}

    /** Prepares what the process needs on first start (data directories, storage) and describes it. */
    ProcessSpec prepare(StackContext ctx) throws Exception;

    /** Whether the component serves requests; polled while starting and by {@code status}. */
    boolean isReady(StackContext ctx);

    /** Work to do once the component is ready, e.g. create databases or register connectors. */
    default void afterReady(StackContext ctx) throws Exception {}

    /**
     * The signal that asks the process to shut down cleanly: {@code TERM}, or {@code INT} for
     * PostgreSQL's fast shutdown. {@code KILL} follows if it has not stopped within 30 s.
     */
    default String stopSignal() {
        return "TERM";
    }

    /** Removes data this component keeps outside its own directory under the state directory. */
    default void purge(StackContext ctx) {}

    /** Environment variables that every process of the stack receives, e.g. connection details. */
    default Map<String, String> exports(StackContext ctx) {
        return Map.of();
    }

    /** Where users reach the component, e.g. {@code 127.0.0.1:9092} or a URL. */
    String address(StackContext ctx);

    /** How long the component may take from process start to ready. */
    default Duration startTimeout() {
        return Duration.ofSeconds(120);
    }
}
