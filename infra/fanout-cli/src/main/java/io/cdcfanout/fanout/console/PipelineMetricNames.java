package io.cdcfanout.fanout.console;

import java.util.List;

/**
 * The Prometheus metrics of the pipeline itself that {@code /metrics} of the console exports, defined once: the alert
 * rules and the Grafana dashboard in {@code infra/observability} use these names (checked by ObservabilityFilesTest).
 * Counters are exported with the {@code _total} suffix Prometheus adds.
 */
public final class PipelineMetricNames {

    /** Counter, label {@code topic}: records ever written to the topic (sum of its partitions' end offsets); {@code rate()} is events/s. */
    public static final String TOPIC_RECORDS = "cdcfanout_topic_records";
    /** Counter, label {@code topic}: records in a dead-letter topic ({@code *-dlq}); any increase is an event not delivered. */
    public static final String DEAD_LETTER_RECORDS = "cdcfanout_dead_letter_records";
    /** Gauge, labels {@code group}, {@code topic}, {@code partition}: records not yet committed by the group. */
    public static final String CONSUMER_GROUP_LAG = "cdcfanout_consumer_group_lag";
    /** Gauge, label {@code slot}: WAL bytes PostgreSQL keeps for the replication slot. */
    public static final String SLOT_RETAINED_WAL_BYTES = "cdcfanout_replication_slot_retained_wal_bytes";
    /** Gauge, label {@code slot}: 1 while a connector reads the slot. */
    public static final String SLOT_ACTIVE = "cdcfanout_replication_slot_active";
    /** Gauge, labels {@code slot}, {@code wal_status}: 1 for the slot's current {@code wal_status} ({@code lost}: the connector cannot resume). */
    public static final String SLOT_WAL_STATUS = "cdcfanout_replication_slot_wal_status";
    /** Gauge, labels {@code connector}, {@code state}: 1 for the connector's current state. */
    public static final String CONNECTOR_STATE = "cdcfanout_connector_state";
    /** Gauge, labels {@code connector}, {@code state}: how many of its tasks are in that state. */
    public static final String CONNECTOR_TASKS = "cdcfanout_connector_tasks";
    /** Gauge, labels {@code job}, {@code state}: 1 for the Flink job's current state. */
    public static final String ROUTING_JOB_STATE = "cdcfanout_routing_job_state";
    /** Gauge, label {@code job}: seconds since the job's last completed checkpoint. */
    public static final String ROUTING_JOB_CHECKPOINT_AGE = "cdcfanout_routing_job_last_checkpoint_age_seconds";
    /** Counter, label {@code job}: restarts of the job. */
    public static final String ROUTING_JOB_RESTARTS = "cdcfanout_routing_job_restarts";
    /** Gauge, label {@code app}: 1 while the application's readiness check is UP. */
    public static final String APP_READY = "cdcfanout_app_ready";
    /** Gauge: records parked (too large to publish) and not yet handled. */
    public static final String PARKED_RECORDS = "cdcfanout_parked_records_unhandled";
    /** Gauge: what stops events from being delivered now (the lines {@code ./fanout status} exits 3 for). */
    public static final String PROBLEMS = "cdcfanout_pipeline_problems";

    /** Every name as exported (counters with {@code _total}). */
    public static final List<String> EXPORTED = List.of(TOPIC_RECORDS + "_total", DEAD_LETTER_RECORDS + "_total", CONSUMER_GROUP_LAG,
            SLOT_RETAINED_WAL_BYTES, SLOT_ACTIVE, SLOT_WAL_STATUS, CONNECTOR_STATE, CONNECTOR_TASKS, ROUTING_JOB_STATE,
            ROUTING_JOB_CHECKPOINT_AGE, ROUTING_JOB_RESTARTS + "_total", APP_READY, PARKED_RECORDS, PROBLEMS);

    private PipelineMetricNames() {
    }
}
