package io.cdcfanout.fanout.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What {@code ./fanout status --pipeline} reports: where events are, what is lagging, and what
 * needs attention. Rates and growth compare with the previous report of the same state
 * directory and are null on the first one.
 *
 * @param sampledAtMillis when the report was taken
 * @param topics end offsets and produce rates
 * @param groups committed offsets and lag per consumer group and topic
 * @param connectors Kafka Connect connectors and their tasks
 * @param slots PostgreSQL replication slots and the WAL they retain
 * @param jobs Flink jobs
 * @param health applications' readiness
 * @param warnings what an operator should look at, one line each
 * @param parked records parked because they were too large to publish (null when there is no parked topic)
 * @param problems what stops events from being delivered (a FAILED connector, task or Flink job,
 *     unhandled parked records), one line each: {@code ./fanout status} exits non-zero while any exist
 */
public record PipelineReport(
        long sampledAtMillis,
        List<Topic> topics,
        List<Group> groups,
        List<Connector> connectors,
        List<Slot> slots,
        List<Job> jobs,
        List<Health> health,
        List<String> warnings,
        ParkedRecords.Summary parked,
        List<String> problems) {

    /** A topic: sum of its partitions' end offsets, and messages per second since the last report. */
    public record Topic(String name, int partitions, long endOffset, Double messagesPerSecond) {}

    /** A consumer group on one topic: records not yet committed (in all, and by partition), and their change per second. */
    public record Group(String group, String topic, long committedOffset, long lag, Double lagGrowthPerSecond, Map<Integer, Long> lagByPartition) {}

    /** A connector with the states of its tasks. */
    public record Connector(String name, String state, List<String> taskStates) {}

    /**
     * A replication slot and the WAL PostgreSQL keeps for it; {@code walStatus} is PostgreSQL's {@code reserved},
     * {@code extended}, {@code unreserved} or {@code lost} (the connector cannot resume).
     */
    public record Slot(String name, boolean active, long retainedWalBytes, Double growthBytesPerSecond, boolean overThreshold, String walStatus) {}

    /**
     * A Flink job: its state, the age of its last completed checkpoint (null before the first) and how often it
     * restarted (null when Flink does not say).
     */
    public record Job(String name, String state, Long lastCheckpointAgeSeconds, Long restarts) {}

    /** An application's readiness ({@code UP}, {@code DOWN} or {@code UNREACHABLE}). */
    public record Health(String name, String url, String state) {}
}
