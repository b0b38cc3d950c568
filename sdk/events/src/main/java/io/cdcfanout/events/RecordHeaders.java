package io.cdcfanout.events;

import java.util.Set;

/**
 * The Kafka header names of the pipeline's records, defined once: the producer's outbox (through Debezium's outbox
 * router), the routing job, backfills, the consumer SDK's dead letters and the tools that read them all use these.
 */
public final class RecordHeaders {

    /** The event's uuid, on every event record (outbox router, {@code infra/connect/outbox-connector.json}). */
    public static final String EVENT_ID = "eventId";
    /** The event type, on every event record (outbox router). */
    public static final String EVENT_TYPE = "eventType";
    /** The outbox row's id (the router's {@code id} header). */
    public static final String OUTBOX_ID = "id";
    /**
     * The W3C Trace Context of the event's span in the producer ({@code 00-<trace id>-<span id>-<flags>}), on event
     * records of a traced request (outbox router, from column {@code traceparent}); the routing job passes it on, the
     * consumer SDK continues its trace. Absent or empty without a trace. docs/OPERATIONS.md "Traces".
     */
    public static final String TRACEPARENT = "traceparent";

    /** The rule that routed a record to a filtered topic (routing job). */
    public static final String ROUTING_RULE_ID = "routingRuleId";
    /** That rule's name. */
    public static final String ROUTING_RULE_NAME = "routingRuleName";
    /** On the routing job's dead letters: why the record could not be routed. */
    public static final String ROUTING_ERROR = "routingError";
    /** On the routing job's dead letters: where the record came from in the raw topic. */
    public static final String SOURCE_PARTITION = "sourcePartition";
    public static final String SOURCE_OFFSET = "sourceOffset";

    /** The backfill run that wrote a record; live records never carry it. */
    public static final String BACKFILL_RUN = "fanoutBackfillRun";

    /*
     * What the consumer SDK adds to a dead letter: SmallRye's KafkaDeadLetterQueue names, which sdk-consumer's
     * DeadLetterHeaderNamesTest checks, so that ./fanout dlq can read and remove them without depending on the SDK.
     */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    public static final String DEAD_LETTER_CAUSE = "dead-letter-cause";
    public static final String DEAD_LETTER_CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String DEAD_LETTER_EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";
    /** Every header the SDK adds to a dead letter; a re-drive removes them. */
    public static final Set<String> SDK_DEAD_LETTER = Set.of(DEAD_LETTER_REASON, DEAD_LETTER_CAUSE, DEAD_LETTER_CAUSE_CLASS,
            DEAD_LETTER_EXCEPTION_CLASS, DEAD_LETTER_TOPIC, DEAD_LETTER_PARTITION, DEAD_LETTER_OFFSET);
    /**
     * Every header the routing job adds to a dead letter; a re-drive removes them. The rule headers are only on dead
     * letters of a rule (an event that does not fit its Avro schema).
     */
    public static final Set<String> ROUTING_DEAD_LETTER = Set.of(ROUTING_ERROR, ROUTING_RULE_ID, ROUTING_RULE_NAME,
            SOURCE_PARTITION, SOURCE_OFFSET);

    private RecordHeaders() {
    }
}
