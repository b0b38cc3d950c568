package io.cdcfanout.routingrules.sql;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Deployment choices of the generated SQL that are not routing logic.
 *
 * @param sourceTopic the topic of raw events
 * @param dlqTopic where malformed records go
 * @param topicNames maps each rule's output topic to the topic actually written (identity in
 *     production; tests give every run topics of its own)
 * @param groupId the Kafka consumer group whose committed offsets the job resumes from
 * @param exactlyOnce transactional sinks (consumers must read with {@code isolation.level=read_committed};
 *     records become visible only when a checkpoint completes) instead of at-least-once
 */
public record GeneratorOptions(String sourceTopic, String dlqTopic, UnaryOperator<String> topicNames, String groupId, boolean exactlyOnce) {

    public static final String SOURCE_TOPIC = "raw-business-events";
    public static final String DLQ_TOPIC = "raw-business-events-dlq";
    public static final String GROUP_ID = "cdc-fanout-routing";

    /**
     * The record limit of every stage that publishes to Kafka: {@code recordMaxBytes} of
     * infra/kafka/topics.json (RecordLimitConsistencyTest in infra/local-stack checks they agree),
     * set as the sinks' {@code max.request.size}.
     */
    public static final int RECORD_MAX_BYTES = 1048576;

    /** Placeholder for the Kafka bootstrap servers, filled in by the routing job at submission. */
    public static final String BOOTSTRAP_PLACEHOLDER = "${KAFKA_BOOTSTRAP_SERVERS}";

    public GeneratorOptions {
        Objects.requireNonNull(sourceTopic);
        Objects.requireNonNull(dlqTopic);
        Objects.requireNonNull(topicNames);
        Objects.requireNonNull(groupId);
    }

    /** The production settings: the contract's topics, at-least-once. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(SOURCE_TOPIC, DLQ_TOPIC, UnaryOperator.identity(), GROUP_ID, false);
    }

    /** Every topic (source, DLQ and outputs) and the group id with a suffix, e.g. for one test run. */
    public GeneratorOptions withSuffix(String suffix) {
        return new GeneratorOptions(sourceTopic + suffix, dlqTopic + suffix, topic -> topicNames.apply(topic) + suffix,
                groupId + suffix, exactlyOnce);
    }

    public GeneratorOptions withExactlyOnce(boolean enabled) {
        return new GeneratorOptions(sourceTopic, dlqTopic, topicNames, groupId, enabled);
    }
}
