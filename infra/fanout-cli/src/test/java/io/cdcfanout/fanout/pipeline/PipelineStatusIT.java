package io.cdcfanout.fanout.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.fanout.console.ConsoleServer;
import io.cdcfanout.localstack.components.Http;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's view on a real stack: a stopped consumer's lag and a paused connector's WAL grow visibly. */
class PipelineStatusIT {

    private static final long WAL_WARNING_BYTES = 64 * 1024;
    /** local-stack's probe of change data capture: a table and a connector on it. */
    private static final Path PROBE_TABLE = Path.of("../local-stack/src/test/resources/connect/probe-table.sql");
    private static final Path PROBE_CONNECTOR = Path.of("../local-stack/src/test/resources/connect/probe-connector.json");

    private static TestStack stack;

    @TempDir
    Path samples;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.start(List.of(KafkaConnect.NAME), List.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void stoppedConsumerShowsGrowingLagAndAWarning() throws Exception {
        String topic = "lag-probe-" + UUID.randomUUID();
        String group = "stopped-consumer-" + UUID.randomUUID();
        stack.kafkaAdmin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), topic, 10);
        ProbeTraffic.consumeAndCommitThenStop(stack.kafkaBootstrapServers(), topic, group, 10);
        PipelineInspector inspector = inspector();

        PipelineReport before = inspector.inspect();
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), topic, 15);
        PipelineReport after = inspector.inspect();

        assertThat(lagOf(before, group, topic)).isZero();
        PipelineReport.Group lagging = after.groups().stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow();
        assertThat(lagging.lag()).isEqualTo(15);
        assertThat(lagging.lagGrowthPerSecond()).isPositive();
        assertThat(after.topics()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo(topic);
            assertThat(t.endOffset()).isEqualTo(25);
        });
        assertThat(after.warnings()).anySatisfy(w -> assertThat(w).startsWith("consumer group " + group + " is falling behind on " + topic));
    }

    @Test
    void pausedConnectorShowsGrowingRetainedWalAndWarnings() throws Exception {
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute(Files.readString(PROBE_TABLE));
        }
        stack.connect().apply(ConnectorConfig.read(PROBE_CONNECTOR), Duration.ofSeconds(90));
        Http.put(stack.connectUrl() + "/connectors/probe-cdc/pause", "");
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAUSED".equals(stack.connect().state("probe-cdc")));
        PipelineInspector inspector = inspector();

        PipelineReport before = inspector.inspect();
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO cdc_probe SELECT gen_random_uuid(), repeat('x', 500) FROM generate_series(1, 2000)");
        }
        PipelineReport after = inspector.inspect();

        PipelineReport.Slot slotBefore = before.slots().stream().filter(s -> s.name().equals("probe_cdc")).findFirst().orElseThrow();
        PipelineReport.Slot slotAfter = after.slots().stream().filter(s -> s.name().equals("probe_cdc")).findFirst().orElseThrow();
        assertThat(slotAfter.retainedWalBytes()).isGreaterThan(slotBefore.retainedWalBytes() + 1_000_000);
        assertThat(slotAfter.growthBytesPerSecond()).isPositive();
        assertThat(slotAfter.overThreshold()).isTrue();
        assertThat(after.connectors()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("probe-cdc");
            assertThat(c.state()).isEqualTo("PAUSED");
        });
        assertThat(after.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("connector probe-cdc is PAUSED"))
                .anySatisfy(w -> assertThat(w).startsWith("replication slot probe_cdc retains "));
    }

    @Test
    void consoleExportsLagByPartitionRetainedWalStatesAndDeadLettersAsPrometheusMetrics() throws Exception {
        String topic = "console-probe-" + UUID.randomUUID();
        String group = "console-consumer-" + UUID.randomUUID();
        stack.kafkaAdmin().createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + "-dlq", 1, (short) 1))).all().get();
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), topic, 4);
        ProbeTraffic.consumeAndCommitThenStop(stack.kafkaBootstrapServers(), topic, group, 4);
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), topic, 3);
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), topic + "-dlq", 2);
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute(Files.readString(PROBE_TABLE));
        }
        stack.connect().apply(ConnectorConfig.read(PROBE_CONNECTOR), Duration.ofSeconds(90));
        PipelineInspector inspector = inspector();

        try (ConsoleServer console = ConsoleServer.start("127.0.0.1", 0, inspector::inspect)) {
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("cdcfanout_consumer_group_lag{group=\"" + group + "\",partition=\"0\",topic=\"" + topic + "\"} 3.0")
                    .contains("cdcfanout_topic_records_total{topic=\"" + topic + "\"} 7.0")
                    .contains("cdcfanout_dead_letter_records_total{topic=\"" + topic + "-dlq\"} 2.0")
                    .contains("cdcfanout_replication_slot_wal_status{slot=\"probe_cdc\",wal_status=\"reserved\"} 1.0")
                    .containsPattern("cdcfanout_replication_slot_retained_wal_bytes\\{slot=\"probe_cdc\"} \\d")
                    .containsPattern("cdcfanout_connector_state\\{connector=\"probe-cdc\",state=\"(RUNNING|PAUSED)\"} 1.0")
                    .contains("cdcfanout_pipeline_problems 0.0");
            HttpResponse<String> state = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/pipeline")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(state.body()).contains("\"lagByPartition\":{\"0\":3}");
        }
    }

    private PipelineInspector inspector() {
        PipelineTarget local = new PipelineTarget(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()), stack.connectUrl(),
                stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword(), "", "", Map.of(), WAL_WARNING_BYTES);
        return new PipelineInspector(local, samples.resolve("sample.json"));
    }

    private static long lagOf(PipelineReport report, String group, String topic) {
        return report.groups().stream().filter(g -> g.group().equals(group) && g.topic().equals(topic))
                .mapToLong(PipelineReport.Group::lag).findFirst().orElseThrow();
    }
}
