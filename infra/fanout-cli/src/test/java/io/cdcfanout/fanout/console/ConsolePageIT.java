package io.cdcfanout.fanout.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cdcfanout.fanout.pipeline.PipelineInspector;
import io.cdcfanout.fanout.pipeline.PipelineReport;
import io.cdcfanout.fanout.pipeline.ProbeTraffic;
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
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console page in headless Chromium against a real stack (PostgreSQL, Kafka, Kafka Connect with the probe connector):
 * it shows every component of the report, its numbers move while records are produced, a paused connector turns red with
 * the reason and the command that helps, and a rule's panel previews where a sample event goes. The last test pauses the
 * connector, so the tests run in order.
 *
 * <p>With {@code -Dconsole.screenshot=docs/images/console.png} (a path from the repository root) it saves the page as the
 * README shows it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String RULE_TOPIC = "filtered-car-created-events";
    private static final Duration PAGE_UPDATE = Duration.ofSeconds(15);

    private static TestStack stack;
    private static ConsoleServer console;
    private static WebDriver driver;

    @BeforeAll
    static void startStackConsoleAndBrowser() throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!browser && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/run installs chromium and chromium-driver");
        }
        assumeTrue(browser, "no " + CHROMIUM + " / " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");

        stack = TestStack.start(List.of(KafkaConnect.NAME), List.of());
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute(Files.readString(Path.of("../local-stack/src/test/resources/connect/probe-table.sql")));
        }
        stack.connect().apply(ConnectorConfig.read(Path.of("../local-stack/src/test/resources/connect/probe-connector.json")), Duration.ofSeconds(90));
        // The stack's Kafka creates the pipeline's topics (raw-business-events, the rules' topics) itself; the rest here.
        Set<String> existing = stack.kafkaAdmin().listTopics().names().get();
        stack.kafkaAdmin().createTopics(Stream.of("raw-business-events", RULE_TOPIC, RULE_TOPIC + "-dlq").filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), "raw-business-events", 12);
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), RULE_TOPIC, 6);
        ProbeTraffic.consumeAndCommitThenStop(stack.kafkaBootstrapServers(), RULE_TOPIC, "car-service", 6);
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), RULE_TOPIC, 3); // the stopped group's lag
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), RULE_TOPIC + "-dlq", 1);

        PipelineTarget target = new PipelineTarget(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()), stack.connectUrl(),
                stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword(), "", "", Map.of(), PipelineTarget.DEFAULT_WAL_WARNING_BYTES);
        Path sample = Files.createTempDirectory("console-page-it").resolve("sample.json");
        console = ConsoleServer.start("127.0.0.1", 0, new PipelineInspector(target, sample)::inspect, TestStack.repoRoot().resolve("flink-jobs/routing-rules.yaml"));

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900", "--hide-scrollbars");
        ChromeDriver chrome = new ChromeDriver(options);
        driver = chrome;
        // --window-size includes the window's frame: the page itself gets exactly 1400×900 (the README's screenshot).
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1400, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        driver.get(url("/"));
    }

    @AfterAll
    static void stopAll() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            try {
                if (console != null) {
                    console.close();
                }
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void pageShowsEveryComponentOfTheReport() throws Exception {
        PipelineReport report = ConsoleHttp.JSON.readValue(get("/api/pipeline").body(), PipelineReport.class);
        List<String> names = new ArrayList<>();
        report.topics().forEach(t -> names.add(t.name()));
        report.groups().forEach(g -> names.add(g.group()));
        report.connectors().forEach(c -> names.add(c.name()));
        report.slots().forEach(s -> names.add(s.name()));
        assertThat(names).contains("probe-cdc", "probe_cdc", "car-service", RULE_TOPIC, "raw-business-events");

        await().atMost(PAGE_UPDATE).untilAsserted(() -> assertThat(graphText()).contains(names));
        assertThat(nodeText("connector:probe-cdc")).contains("RUNNING");
        assertThat(nodeText("slot:probe_cdc")).contains("active yes");
        assertThat(nodeText("group:car-service|" + RULE_TOPIC)).contains("lag 3");
        assertThat(nodeClass("dlq:" + RULE_TOPIC + "-dlq")).contains("problem");
        assertThat(driver.findElements(By.cssSelector("svg.edges path"))).isNotEmpty();
    }

    @Test
    @Order(2)
    void numbersMoveWhileRecordsAreProduced() {
        await().atMost(PAGE_UPDATE).until(() -> records("rule:car-created") == 9);
        long raw = records("topic:raw");

        ProbeTraffic.produce(stack.kafkaBootstrapServers(), RULE_TOPIC, 5);
        ProbeTraffic.produce(stack.kafkaBootstrapServers(), "raw-business-events", 7);

        await().atMost(PAGE_UPDATE).untilAsserted(() -> {
            assertThat(records("rule:car-created")).isEqualTo(14);
            assertThat(records("topic:raw")).isEqualTo(raw + 7);
        });
    }

    @Test
    @Order(3)
    void clickingARuleShowsItsConditionsAndThePreviewRoutesASampleEvent() throws Exception {
        await().atMost(PAGE_UPDATE).ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> node("rule:dealer-001-service").click());
        WebElement details = driver.findElement(By.id("details"));
        assertThat(details.isDisplayed()).isTrue();
        assertThat(details.getText()).contains("filtered-dealer-001-service-events", "eventType equals CarServiceDone", "entity.dealerId equals DEALER-001");

        String event = Files.readString(TestStack.repoRoot().resolve("contract/samples/car-service-done-event.json"));
        setTextarea(event);
        driver.findElement(By.id("preview-run")).click();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(driver.findElements(By.cssSelector("#preview-result li")))
                .extracting(li -> li.getAttribute("data-topic"))
                .containsExactly("filtered-service-events", "filtered-dealer-001-service-events"));

        setTextarea("{\"eventHeader\": {\"eventType\": \"CarServiceDone\",}}");
        driver.findElement(By.id("preview-run")).click();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(driver.findElement(By.id("preview-result")).getText())
                .startsWith("HTTP 400: invalid JSON at line 1, column ").contains("Unexpected character ('}'"));
        driver.findElement(By.id("details-close")).click();
        assertThat(details.isDisplayed()).isFalse();
    }

    @Test
    @Order(4)
    void routePreviewRejectsOversizedEventsAndNonObjects() throws Exception {
        HttpResponse<String> tooLarge = post("/api/route-preview", "{\"x\":\"" + "a".repeat(ConsoleRules.MAX_EVENT_BYTES) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        HttpResponse<String> array = post("/api/route-preview", "[1]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.body()).contains("expected a JSON object (the event), got array");
        HttpResponse<String> malformed = post("/api/route-preview", "{\"eventHeader\": {}}");
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).contains("\"wellFormed\":false", "raw-business-events-dlq");
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/console.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    }

    @Test
    @Order(5)
    void pausedConnectorTurnsItsNodeRedWithTheReasonAndTheCommand() throws Exception {
        Http.put(stack.connectUrl() + "/connectors/probe-cdc/pause", "");

        await().atMost(PAGE_UPDATE).untilAsserted(() -> {
            assertThat(nodeClass("connector:probe-cdc")).contains("problem");
            assertThat(nodeText("connector:probe-cdc", ".reason")).contains("connector probe-cdc is PAUSED");
            assertThat(nodeText("connector:probe-cdc", ".help")).endsWith("/connectors/probe-cdc/resume");
        });
        assertThat(driver.findElement(By.id("lines")).getText()).contains("connector probe-cdc is PAUSED");
        screenshot();
    }

    private static void screenshot() throws Exception {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(file, Path.of("target/console.png"), StandardCopyOption.REPLACE_EXISTING);
        String wanted = System.getProperty("console.screenshot");
        if (wanted != null && !wanted.isBlank()) {
            Path target = TestStack.repoRoot().resolve(wanted);
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void setTextarea(String text) {
        // sendKeys types a whole event key by key: seconds per paste.
        ((JavascriptExecutor) driver).executeScript("document.getElementById('preview-event').value = arguments[0];", text);
    }

    private static WebElement node(String key) {
        return driver.findElement(By.cssSelector("[data-node=\"" + key + "\"]"));
    }

    private static long records(String key) {
        String text = nodeText(key, "[data-metric=records]").replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    /**
     * The text of a node (or of its first element matching {@code part}), read in one script: the page redraws the graph
     * every two seconds, which makes elements found a moment earlier stale.
     */
    private static String nodeText(String key, String part) {
        Object text = ((JavascriptExecutor) driver).executeScript(
                "const n = document.querySelector('[data-node=\"' + CSS.escape(arguments[0]) + '\"]');"
                        + "const p = n && (arguments[1] ? n.querySelector(arguments[1]) : n);"
                        + "return p ? p.innerText : '';", key, part);
        return String.valueOf(text);
    }

    private static String nodeText(String key) {
        return nodeText(key, null);
    }

    private static String nodeClass(String key) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "const n = document.querySelector('[data-node=\"' + CSS.escape(arguments[0]) + '\"]'); return n ? n.className : '';", key));
    }

    private static String graphText() {
        return driver.findElement(By.id("graph")).getText();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + console.port() + path;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
