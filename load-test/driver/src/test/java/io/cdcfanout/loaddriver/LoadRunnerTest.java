package io.cdcfanout.loaddriver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's own logic (scheduling, counting, checks, thresholds) against a stand-in HTTP endpoint; the real
 * producer API is driven by the end-to-end test in load-test/verifier.
 */
class LoadRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void batchSendsEveryEventOfEveryTypeExactlyOnceAcrossItsSenders() throws Exception {
        URI url = serve(event -> 200);

        LoadSummary summary = runner(url).run(new Scenario.Batch(10, 3), new EventFactory("batch-run", Clock.systemUTC()));

        assertThat(received).hasSize(40);
        assertThat(received.stream().map(e -> e.get("entities").get(0).get("id").asText()).distinct()).hasSize(40);
        assertThat(received.stream().filter(e -> e.get("entities").get(0).get("id").asText().startsWith("batch-run-LOAN-"))).hasSize(10);
        assertThat(summary.accepted()).isEqualTo(Map.of("CarCreated", 10L, "LoanCreated", 10L, "LoanPaymentSubmitted", 10L, "CarServiceDone", 10L));
        assertThat(summary.checksFailed()).isZero();
        assertThat(summary.passed()).isTrue();
    }

    @Test
    void rejectedRequestsAreCountedPerTypeAndFailTheThresholds() throws Exception {
        URI url = serve(event -> event.get("eventHeader").get("eventType").asText().equals("LoanCreated") ? 422 : 200);

        LoadSummary summary = runner(url).run(new Scenario.Batch(5, 1), new EventFactory("rejecting", Clock.systemUTC()));

        assertThat(summary.rejected()).containsEntry("LoanCreated", 5L).containsEntry("CarCreated", 0L);
        assertThat(summary.accepted()).containsEntry("LoanCreated", 0L).containsEntry("CarCreated", 5L);
        assertThat(summary.checksFailed()).isEqualTo(5);
        assertThat(summary.thresholds()).containsEntry("http_req_failed rate<0.01", false).containsEntry("checks rate>0.99", false);
        assertThat(summary.passed()).isFalse();
    }

    @Test
    void unreachableApiCountsEveryRequestAsRejected() throws Exception {
        URI url = serve(event -> 200);
        server.stop(0);
        server = null;

        LoadSummary summary = runner(url).run(new Scenario.Batch(2, 1), new EventFactory("unreachable", Clock.systemUTC()));

        assertThat(summary.totalSent()).isEqualTo(8);
        assertThat(summary.totalAccepted()).isZero();
        assertThat(summary.passed()).isFalse();
    }

    @Test
    void arrivalRateSendsRateTimesDurationEventsCyclingThroughTheTypes() throws Exception {
        URI url = serve(event -> 200);

        LoadSummary summary = runner(url).run(new Scenario.ArrivalRate(40, Duration.ofSeconds(1), 50), new EventFactory("rate-run", Clock.systemUTC()));

        assertThat(summary.totalSent() + summary.dropped()).isEqualTo(40);
        assertThat(summary.sent().values()).allMatch(count -> count <= 10);
        assertThat(received).hasSize((int) summary.totalSent());
        assertThat(summary.scenario()).isEqualTo("arrival-rate");
    }

    private LoadRunner runner(URI url) {
        return new LoadRunner(url, null, LoadRunner.Thresholds.DEFAULT, Clock.systemUTC());
    }

    /** A stand-in endpoint answering each event with the status {@code answer} gives, echoing its id like the producer. */
    private URI serve(Function<JsonNode, Integer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/events", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            received.add(event);
            int status = answer.apply(event);
            byte[] body = ("{\"eventId\":\"" + event.get("eventHeader").get("uuid").asText() + "\",\"result\":\"stored\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
