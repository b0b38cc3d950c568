package io.cdcfanout.localstack;

/**
 * What {@code ./fanout status} reports for one component.
 *
 * @param name component name
 * @param state {@code healthy}, {@code unhealthy} (running, not answering), {@code exited}
 *     (started by the stack, no longer running) or {@code stopped}
 * @param address where it listens
 * @param pid its process id, or 0
 * @param log path of its log file
 * @param description what it is
 */
public record ComponentStatus(String name, String state, String address, long pid, String log, String description) {

    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    public static final String EXITED = "exited";
    public static final String STOPPED = "stopped";
}
