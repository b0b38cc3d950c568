package io.cdcfanout.fanout.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.components.Http;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects a {@link PipelineReport} from Kafka, Kafka Connect, PostgreSQL, Flink and the apps'
 * health endpoints. Parts that cannot be reached become warnings, never failures: a status view
 * is most needed when something is down.
 */
public final class PipelineInspector {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineTarget target;
    private final Path previousSampleFile;

    /**
     * @param target what to inspect
     * @param previousSampleFile where the last report is kept, for rates and growth
     */
    public PipelineInspector(PipelineTarget target, Path previousSampleFile) {
        this.target = target;
        this.previousSampleFile = previousSampleFile;
    }

    public PipelineReport inspect() {
        long now = System.currentTimeMillis();
        PipelineReport previous = readPrevious();
        double elapsedSeconds = previous == null ? 0 : (now - previous.sampledAtMillis()) / 1000.0;
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<PipelineReport.Topic> topics = new ArrayList<>();
        List<PipelineReport.Group> groups = new ArrayList<>();
        kafka(topics, groups, previous, elapsedSeconds, warnings);
        ParkedRecords.Summary parked = parked(problems);
        PipelineReport report = new PipelineReport(now, topics, groups, connectors(warnings, problems), slots(previous, elapsedSeconds, warnings),
                jobs(warnings, problems), health(warnings), warnings, parked, problems);
        save(report);
        return report;
    }

    /**
     * Only what stops delivery (connectors and their tasks, parked records), without the rest of
     * the report: what plain {@code ./fanout status} checks.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        parked(problems);
        connectors(new ArrayList<>(), problems);
        return problems;
    }

    private ParkedRecords.Summary parked(List<String> problems) {
        if (target.kafka().get("bootstrap.servers") == null) {
            return null;
        }
        try (Admin admin = Admin.create(adminConfig())) {
            ParkedRecords.Summary parked = ParkedRecords.summary(admin, target.kafka());
            if (parked != null && parked.unhandled() > 0) {
                problems.add(parked.unhandled() + " record(s) parked on " + ParkedRecords.TOPIC + " (too large to publish; accepted events not delivered), newest event id "
                        + parked.newestEventId() + ": " + ParkedRecords.HOW_TO);
            }
            return parked;
        } catch (ExecutionException | TimeoutException e) {
            problems.add("parked records unknown: kafka unreachable at " + target.kafka().get("bootstrap.servers") + " (" + rootMessage(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(target.kafka());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return config;
    }

    private void kafka(List<PipelineReport.Topic> topics, List<PipelineReport.Group> groups, PipelineReport previous, double elapsed, List<String> warnings) {
        if (target.kafka().get("bootstrap.servers") == null) {
            warnings.add("kafka: not running");
            return;
        }
        try (Admin admin = Admin.create(adminConfig())) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(name -> !name.startsWith("_")).collect(Collectors.toSet());
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            descriptions.values().forEach(topic -> topic.partitions()
                    .forEach(partition -> request.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            Map<String, Long> endByTopic = new HashMap<>();
            ends.forEach((partition, info) -> endByTopic.merge(partition.topic(), info.offset(), Long::sum));
            descriptions.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(topic -> {
                long end = endByTopic.getOrDefault(topic.name(), 0L);
                Double rate = previous == null || elapsed <= 0 ? null : previous.topics().stream()
                        .filter(p -> p.name().equals(topic.name())).findFirst()
                        .map(p -> (end - p.endOffset()) / elapsed).orElse(null);
                topics.add(new PipelineReport.Topic(topic.name(), topic.partitions().size(), end, rate));
            });
            for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(listing.groupId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<String, long[]> byTopic = new HashMap<>();
                Map<String, Map<Integer, Long>> byPartition = new HashMap<>();
                committed.forEach((partition, offset) -> {
                    if (offset == null || !ends.containsKey(partition)) {
                        return;
                    }
                    long partitionLag = Math.max(0, ends.get(partition).offset() - offset.offset());
                    long[] sums = byTopic.computeIfAbsent(partition.topic(), t -> new long[2]);
                    sums[0] += offset.offset();
                    sums[1] += partitionLag;
                    byPartition.computeIfAbsent(partition.topic(), t -> new TreeMap<>()).put(partition.partition(), partitionLag);
                });
                byTopic.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
                    long lag = entry.getValue()[1];
                    Double growth = previous == null || elapsed <= 0 ? null : previous.groups().stream()
                            .filter(p -> p.group().equals(listing.groupId()) && p.topic().equals(entry.getKey())).findFirst()
                            .map(p -> (lag - p.lag()) / elapsed).orElse(null);
                    groups.add(new PipelineReport.Group(listing.groupId(), entry.getKey(), entry.getValue()[0], lag, growth,
                            byPartition.get(entry.getKey())));
                    if (growth != null && growth > 0 && lag > 0) {
                        warnings.add("consumer group " + listing.groupId() + " is falling behind on " + entry.getKey() + ": lag " + lag + " and growing");
                    }
                });
            }
        } catch (ExecutionException | TimeoutException e) {
            warnings.add("kafka: unreachable at " + target.kafka().get("bootstrap.servers") + " (" + rootMessage(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<PipelineReport.Connector> connectors(List<String> warnings, List<String> problems) {
        List<PipelineReport.Connector> result = new ArrayList<>();
        if (target.connectUrl().isEmpty()) {
            return result;
        }
        try {
            Http.Response response = Http.get(target.connectUrl() + "/connectors?expand=status");
            if (!response.ok()) {
                warnings.add("connect: HTTP " + response.status() + " from " + target.connectUrl());
                return result;
            }
            JsonNode all = JSON.readTree(response.body());
            all.fieldNames().forEachRemaining(name -> {
                JsonNode status = all.path(name).path("status");
                String state = status.path("connector").path("state").asText();
                List<String> tasks = new ArrayList<>();
                status.path("tasks").forEach(task -> tasks.add(task.path("state").asText()));
                result.add(new PipelineReport.Connector(name, state, tasks));
                if ("FAILED".equals(state) || tasks.contains("FAILED")) {
                    problems.add("connector " + name + " is " + state + " (tasks " + tasks + "): changes are not being captured; ./fanout logs connect shows why, "
                            + "./fanout connector restart " + name + " resumes it (docs/OPERATIONS.md, \"Capture stopped\")");
                } else if (!"RUNNING".equals(state) || tasks.stream().anyMatch(task -> !"RUNNING".equals(task))) {
                    // A paused connector stays paused until resumed: say how (./fanout connector restart only restarts failures).
                    warnings.add("connector " + name + " is " + state + " (tasks " + tasks + "): changes are not being captured"
                            + ("PAUSED".equals(state) ? "; curl -X PUT " + target.connectUrl() + "/connectors/" + name + "/resume resumes it" : ""));
                }
            });
        } catch (IOException e) {
            warnings.add("connect: unreachable at " + target.connectUrl() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private List<PipelineReport.Slot> slots(PipelineReport previous, double elapsed, List<String> warnings) {
        List<PipelineReport.Slot> result = new ArrayList<>();
        if (target.jdbcUrl().isEmpty()) {
            return result;
        }
        DriverManager.setLoginTimeout(3);
        try (Connection db = DriverManager.getConnection(target.jdbcUrl(), target.dbUser(), target.dbPassword());
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT slot_name, active, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint,"
                        + " coalesce(wal_status, 'unknown') FROM pg_replication_slots ORDER BY slot_name")) {
            while (rs.next()) {
                String name = rs.getString(1);
                long retained = rs.getLong(3);
                Double growth = previous == null || elapsed <= 0 ? null : previous.slots().stream()
                        .filter(p -> p.name().equals(name)).findFirst()
                        .map(p -> (retained - p.retainedWalBytes()) / elapsed).orElse(null);
                boolean over = retained > target.walWarningBytes();
                String walStatus = rs.getString(4);
                result.add(new PipelineReport.Slot(name, rs.getBoolean(2), retained, growth, over, walStatus));
                if ("lost".equals(walStatus)) {
                    warnings.add("replication slot " + name + " is lost (PostgreSQL removed WAL it needed): its connector cannot resume; re-create it"
                            + " and backfill the gap (docs/OPERATIONS.md, \"WAL and replication slots\")");
                }
                if (over) {
                    warnings.add("replication slot " + name + " retains " + retained + " bytes of WAL (threshold " + target.walWarningBytes()
                            + ")" + (rs.getBoolean(2) ? "" : "; no connector is reading it") + ": the disk fills if this keeps growing");
                }
            }
        } catch (SQLException e) {
            warnings.add("postgres: unreachable at " + target.jdbcUrl() + " (" + e.getMessage() + ")");
        }
        return result;
    }

    private List<PipelineReport.Job> jobs(List<String> warnings, List<String> problems) {
        List<PipelineReport.Job> result = new ArrayList<>();
        if (target.flinkUrl().isEmpty()) {
            return result;
        }
        try {
            Http.Response response = Http.get(target.flinkUrl() + "/jobs/overview");
            if (!response.ok()) {
                warnings.add("flink: HTTP " + response.status() + " from " + target.flinkUrl());
                return result;
            }
            for (JsonNode job : JSON.readTree(response.body()).path("jobs")) {
                String state = job.path("state").asText();
                String id = job.path("jid").asText();
                result.add(new PipelineReport.Job(job.path("name").asText(), state, lastCheckpointAgeSeconds(id), restarts(id)));
                if ("FAILED".equals(state)) {
                    problems.add("flink job " + job.path("name").asText() + " is FAILED: nothing is routed");
                } else if (Set.of("FAILING", "RESTARTING").contains(state)) {
                    warnings.add("flink job " + job.path("name").asText() + " is " + state);
                }
            }
        } catch (IOException e) {
            warnings.add("flink: unreachable at " + target.flinkUrl() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /** Seconds since the job's last completed checkpoint; null before the first (or when Flink does not answer). */
    private Long lastCheckpointAgeSeconds(String jobId) throws InterruptedException {
        try {
            Http.Response response = Http.get(target.flinkUrl() + "/jobs/" + jobId + "/checkpoints");
            JsonNode completed = response.ok() ? JSON.readTree(response.body()).path("latest").path("completed") : null;
            if (completed == null || !completed.hasNonNull("latest_ack_timestamp")) {
                return null;
            }
            return Math.max(0, (System.currentTimeMillis() - completed.get("latest_ack_timestamp").asLong()) / 1000);
        } catch (IOException e) {
            return null;
        }
    }

    /** How often the job restarted (Flink's job metric {@code numRestarts}); null when Flink does not say. */
    private Long restarts(String jobId) throws InterruptedException {
        try {
            Http.Response response = Http.get(target.flinkUrl() + "/jobs/" + jobId + "/metrics?get=numRestarts");
            if (!response.ok()) {
                return null;
            }
            for (JsonNode metric : JSON.readTree(response.body())) {
                if ("numRestarts".equals(metric.path("id").asText())) {
                    return Long.parseLong(metric.path("value").asText());
                }
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private List<PipelineReport.Health> health(List<String> warnings) {
        List<PipelineReport.Health> result = new ArrayList<>();
        target.health().forEach((name, base) -> {
            String url = base.endsWith("/q/health/ready") ? base : base + "/q/health/ready";
            String state;
            try {
                state = Http.get(url).ok() ? "UP" : "DOWN";
            } catch (IOException e) {
                state = "UNREACHABLE";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state = "UNREACHABLE";
            }
            result.add(new PipelineReport.Health(name, url, state));
            if (!"UP".equals(state)) {
                warnings.add(name + " is " + state + " (" + url + ")");
            }
        });
        return result;
    }

    private PipelineReport readPrevious() {
        try {
            return Files.isRegularFile(previousSampleFile) ? JSON.readValue(previousSampleFile.toFile(), PipelineReport.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void save(PipelineReport report) {
        try {
            Files.createDirectories(previousSampleFile.getParent());
            JSON.writeValue(previousSampleFile.toFile(), report);
        } catch (IOException e) {
            // rates are a convenience; the report itself is complete
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
