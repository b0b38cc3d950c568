package io.cdcfanout.fanout.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdcfanout.fanout.pipeline.ParkedRecords;
import io.cdcfanout.fanout.pipeline.PipelineReport;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * infra/observability holds what a production monitoring stack needs: the alert rules (those of docs/OPERATIONS.md) and a
 * Grafana dashboard. They are valid for Prometheus (promtool), and every metric they use is one that is exported.
 */
class ObservabilityFilesTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path ALERTS = REPO.resolve("infra/observability/prometheus/alerts.yml");
    private static final Path SCRAPE_CONFIG = REPO.resolve("infra/observability/prometheus/prometheus.yml");
    private static final Path DASHBOARD = REPO.resolve("infra/observability/grafana/cdc-fanout-pipeline.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:cdcfanout|producer|http_server)_[a-zA-Z0-9_]+)\\b");
    /**
     * The apps' own metrics the rules and the dashboard use, and the test that sees each on a real /q/metrics:
     * producer_events_total (producer-api EventResourceTest), http_server_requests_seconds_count (Quarkus' HTTP metrics
     * of the producer), cdcfanout_consumer_events_succeeded_total and cdcfanout_consumer_end_to_end_delay_seconds_bucket
     * (consumers/loan LoanConsumerTest).
     */
    private static final Set<String> APP_METRICS = Set.of("producer_events_total", "http_server_requests_seconds_count",
            "cdcfanout_consumer_events_succeeded_total", "cdcfanout_consumer_end_to_end_delay_seconds_bucket");

    @Test
    void promtoolAcceptsTheRulesAndTheScrapeConfiguration() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean present = new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
        assumeTrue(present || ci, "promtool is not installed (Debian: prometheus); CI installs it");
        assertThat(present).as("promtool on PATH under CI=true (.ci/run installs Debian's prometheus)").isTrue();
        for (List<String> check : List.of(List.of("promtool", "check", "rules", ALERTS.toString()),
                List.of("promtool", "check", "config", SCRAPE_CONFIG.toString()))) {
            Process promtool = new ProcessBuilder(check).redirectErrorStream(true).start();
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(promtool.exitValue()).as(String.join(" ", check) + "\n" + output).isZero();
        }
    }

    @Test
    void everyMetricOfTheRulesAndTheDashboardIsExported() throws IOException {
        Set<String> exported = new TreeSet<>(APP_METRICS);
        exported.addAll(PipelineMetricNames.EXPORTED);
        Set<String> used = new TreeSet<>();
        alertRules().forEach(rule -> used.addAll(metrics(rule.path("expr").asText())));
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            assertThat(panel.path("targets")).as("panel %s has queries", panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> used.addAll(metrics(target.path("expr").asText())));
        }
        assertThat(used).isNotEmpty();
        assertThat(exported).containsAll(used);
    }

    @Test
    void theExporterWritesEveryPipelineMetricName() throws IOException {
        PipelineReport report = new PipelineReport(0,
                List.of(new PipelineReport.Topic("raw-business-events", 3, 42, null), new PipelineReport.Topic("raw-business-events-dlq", 1, 2, null)),
                List.of(new PipelineReport.Group("loan-consumer", "filtered-loan-created-events", 10, 5, null, Map.of(0, 2L, 1, 3L))),
                List.of(new PipelineReport.Connector("cdc-fanout-outbox", "RUNNING", List.of("RUNNING"))),
                List.of(new PipelineReport.Slot("cdc_fanout_outbox", true, 4096, null, false, "reserved")),
                List.of(new PipelineReport.Job("cdc-fanout-routing", "RUNNING", 3L, 0L)),
                List.of(new PipelineReport.Health("producer-api", "http://127.0.0.1:9081/q/health/ready", "UP")),
                List.of(), new ParkedRecords.Summary(0, 0, null), List.of());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, PipelineMetrics.snapshots(report));
        Set<String> written = new LinkedHashSet<>();
        for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                written.add(line.split("[{ ]")[0]);
            }
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(PipelineMetricNames.EXPORTED);
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("cdcfanout_consumer_group_lag{group=\"loan-consumer\",partition=\"1\",topic=\"filtered-loan-created-events\"} 3.0")
                .contains("cdcfanout_dead_letter_records_total{topic=\"raw-business-events-dlq\"} 2.0");
    }

    @Test
    void everyAlertOfTheOperationsGuideIsARuleAndEveryRuleIsInTheGuide() throws IOException {
        Set<String> rules = new TreeSet<>();
        alertRules().forEach(rule -> rules.add(rule.path("alert").asText()));
        String guide = Files.readString(REPO.resolve("docs/OPERATIONS.md"));
        int start = guide.indexOf("## Alerts");
        String table = guide.substring(start, guide.indexOf("\n## ", start + 1));
        Set<String> named = new TreeSet<>();
        for (String row : table.split("\n")) {
            String[] cells = row.split("\\|");
            // | alert | rule | condition | first action |: the rule column of the rows below the header
            if (cells.length > 2 && !cells[2].isBlank() && !cells[2].contains("---") && !cells[2].strip().equals("rule")) {
                Matcher rule = Pattern.compile("`([A-Za-z]+)`").matcher(cells[2]);
                while (rule.find()) {
                    named.add(rule.group(1));
                }
            }
        }
        assertThat(named).as("rules the guide's alert table names").isEqualTo(rules);
    }

    private static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(ALERTS.toFile()).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        assertThat(rules).isNotEmpty();
        return rules;
    }

    private static Set<String> metrics(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
