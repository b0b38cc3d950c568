package io.cdcfanout.fanout.console;

import io.cdcfanout.fanout.pipeline.DeadLetters;
import io.cdcfanout.fanout.pipeline.PipelineReport;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The pipeline's state as Prometheus metrics ({@link PipelineMetricNames}): one inspection of the pipeline per scrape,
 * turned into gauges and counters. Rates and growth are left to Prometheus ({@code rate()}, {@code deriv()}).
 */
public final class PipelineMetrics implements MultiCollector {

    private final Supplier<PipelineReport> reports;

    public PipelineMetrics(Supplier<PipelineReport> reports) {
        this.reports = reports;
    }

    @Override
    public MetricSnapshots collect() {
        return snapshots(reports.get());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(PipelineMetricNames.TOPIC_RECORDS, PipelineMetricNames.DEAD_LETTER_RECORDS, PipelineMetricNames.CONSUMER_GROUP_LAG,
                PipelineMetricNames.SLOT_RETAINED_WAL_BYTES, PipelineMetricNames.SLOT_ACTIVE, PipelineMetricNames.SLOT_WAL_STATUS,
                PipelineMetricNames.CONNECTOR_STATE, PipelineMetricNames.CONNECTOR_TASKS, PipelineMetricNames.ROUTING_JOB_STATE,
                PipelineMetricNames.ROUTING_JOB_CHECKPOINT_AGE, PipelineMetricNames.ROUTING_JOB_RESTARTS, PipelineMetricNames.APP_READY,
                PipelineMetricNames.PARKED_RECORDS, PipelineMetricNames.PROBLEMS);
    }

    static MetricSnapshots snapshots(PipelineReport report) {
        List<MetricSnapshot> metrics = new ArrayList<>();
        Counter topics = new Counter(PipelineMetricNames.TOPIC_RECORDS, "Records ever written to the topic (sum of its end offsets).");
        Counter deadLetters = new Counter(PipelineMetricNames.DEAD_LETTER_RECORDS, "Records in the dead-letter topic.");
        for (PipelineReport.Topic topic : report.topics()) {
            Labels labels = Labels.of("topic", topic.name());
            topics.add(labels, topic.endOffset());
            if (topic.name().endsWith(DeadLetters.DLQ_SUFFIX)) {
                deadLetters.add(labels, topic.endOffset());
            }
        }
        metrics.add(topics.snapshot());
        metrics.add(deadLetters.snapshot());

        Gauge lag = new Gauge(PipelineMetricNames.CONSUMER_GROUP_LAG, "Records of the partition not yet committed by the group.");
        for (PipelineReport.Group group : report.groups()) {
            Map<Integer, Long> byPartition = group.lagByPartition() == null ? Map.of() : new TreeMap<>(group.lagByPartition());
            byPartition.forEach((partition, value) ->
                    lag.add(Labels.of("group", group.group(), "topic", group.topic(), "partition", Integer.toString(partition)), value));
        }
        metrics.add(lag.snapshot());

        Gauge retained = new Gauge(PipelineMetricNames.SLOT_RETAINED_WAL_BYTES, "WAL bytes PostgreSQL keeps for the replication slot.");
        Gauge active = new Gauge(PipelineMetricNames.SLOT_ACTIVE, "1 while a connector reads the replication slot.");
        Gauge walStatus = new Gauge(PipelineMetricNames.SLOT_WAL_STATUS, "1 for the replication slot's current wal_status.");
        for (PipelineReport.Slot slot : report.slots()) {
            retained.add(Labels.of("slot", slot.name()), slot.retainedWalBytes());
            active.add(Labels.of("slot", slot.name()), slot.active() ? 1 : 0);
            walStatus.add(Labels.of("slot", slot.name(), "wal_status", String.valueOf(slot.walStatus())), 1);
        }
        metrics.add(retained.snapshot());
        metrics.add(active.snapshot());
        metrics.add(walStatus.snapshot());

        Gauge connectorState = new Gauge(PipelineMetricNames.CONNECTOR_STATE, "1 for the connector's current state.");
        Gauge tasks = new Gauge(PipelineMetricNames.CONNECTOR_TASKS, "Tasks of the connector in the state.");
        for (PipelineReport.Connector connector : report.connectors()) {
            connectorState.add(Labels.of("connector", connector.name(), "state", connector.state()), 1);
            Map<String, Integer> byState = new LinkedHashMap<>();
            connector.taskStates().forEach(state -> byState.merge(state, 1, Integer::sum));
            byState.forEach((state, count) -> tasks.add(Labels.of("connector", connector.name(), "state", state), count));
        }
        metrics.add(connectorState.snapshot());
        metrics.add(tasks.snapshot());

        Gauge jobState = new Gauge(PipelineMetricNames.ROUTING_JOB_STATE, "1 for the Flink job's current state.");
        Gauge checkpointAge = new Gauge(PipelineMetricNames.ROUTING_JOB_CHECKPOINT_AGE, "Seconds since the job's last completed checkpoint.");
        Counter restarts = new Counter(PipelineMetricNames.ROUTING_JOB_RESTARTS, "Restarts of the Flink job.");
        for (PipelineReport.Job job : report.jobs()) {
            Labels labels = Labels.of("job", job.name());
            jobState.add(Labels.of("job", job.name(), "state", job.state()), 1);
            if (job.lastCheckpointAgeSeconds() != null) {
                checkpointAge.add(labels, job.lastCheckpointAgeSeconds());
            }
            if (job.restarts() != null) {
                restarts.add(labels, job.restarts());
            }
        }
        metrics.add(jobState.snapshot());
        metrics.add(checkpointAge.snapshot());
        metrics.add(restarts.snapshot());

        Gauge ready = new Gauge(PipelineMetricNames.APP_READY, "1 while the application's readiness check is UP.");
        report.health().forEach(app -> ready.add(Labels.of("app", app.name()), "UP".equals(app.state()) ? 1 : 0));
        metrics.add(ready.snapshot());

        Gauge parked = new Gauge(PipelineMetricNames.PARKED_RECORDS, "Records parked (too large to publish) and not yet handled.");
        if (report.parked() != null) {
            parked.add(Labels.EMPTY, report.parked().unhandled());
        }
        metrics.add(parked.snapshot());
        Gauge problems = new Gauge(PipelineMetricNames.PROBLEMS, "What stops events from being delivered now (./fanout status exits 3).");
        problems.add(Labels.EMPTY, report.problems().size());
        metrics.add(problems.snapshot());
        return new MetricSnapshots(metrics);
    }

    /** The data points of one gauge. */
    private static final class Gauge {
        private final GaugeSnapshot.Builder builder;

        Gauge(String name, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels, double value) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        GaugeSnapshot snapshot() {
            return builder.build();
        }
    }

    /** The data points of one counter. */
    private static final class Counter {
        private final CounterSnapshot.Builder builder;

        Counter(String name, String help) {
            builder = CounterSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels, double value) {
            builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        CounterSnapshot snapshot() {
            return builder.build();
        }
    }
}
