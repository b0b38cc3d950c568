package io.cdcfanout.loaddriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's own logic (scheduling, counting, checks, thresholds) against a stand-in HTTP endpoint; the real
 * producer API is driven by the end-to-end test in load-test/verifier.
 */
class LoadRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DROP_CONNECTION = -1;
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
        assertThat(summary.clientCpu().requests()).isEqualTo(40);
        assertThat(summary.clientCpu().cpuMs()).isPositive();
        assertThat(summary.toJson()).contains("\"clientCpu\"", "\"cpuMsPerRequest\"");
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

    @Test
    void unavailableAnswersAreRetriedWithTheSameBodyAfterRetryAfterUntilAccepted() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        URI url = serve(event -> answers.incrementAndGet() <= 2 ? 503 : 200, "0");

        LoadSummary summary = retrying(url, Duration.ofSeconds(20)).run(new Scenario.Batch(1, 1), new EventFactory("retried", Clock.systemUTC()));

        assertThat(summary.totalAccepted()).isEqualTo(4);
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.retries().events()).isBetween(1L, 2L);
        assertThat(summary.retries().attempts()).isEqualTo(2);
        // Every attempt of an event carries the same body, hence the same event id: the API stores it once.
        Map<String, List<JsonNode>> byEventId = received.stream().collect(Collectors.groupingBy(e -> e.get("eventHeader").get("uuid").asText()));
        assertThat(byEventId).hasSize(4);
        byEventId.values().forEach(attempts -> assertThat(attempts).allMatch(attempt -> attempt.equals(attempts.get(0))));
        assertThat(summary.passed()).isTrue();
    }

    @Test
    void aRequestWithoutAnswerIsRetriedAndA500IsFinalAndCountedApart() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        // The first request gets its connection closed without an answer; LoanCreated gets 500s.
        URI url = serve(event -> answers.incrementAndGet() == 1 ? DROP_CONNECTION
                : event.get("eventHeader").get("eventType").asText().equals("LoanCreated") ? 500 : 200, null);

        LoadSummary summary = retrying(url, Duration.ofSeconds(20)).run(new Scenario.Batch(2, 1), new EventFactory("no-answer", Clock.systemUTC()));

        assertThat(summary.failures()).isEqualTo(Map.of("500", 2L));
        assertThat(summary.totalAccepted()).isEqualTo(6);
        assertThat(summary.retries().attempts()).isEqualTo(1);
        assertThat(received).hasSize(9);
    }

    @Test
    void retriesStopAfterTheRetryTimeAndTheFinalCauseIsCounted() throws Exception {
        URI url = serve(event -> 503, "1");

        long began = System.nanoTime();
        LoadSummary summary = retrying(url, Duration.ofMillis(1500)).run(new Scenario.Batch(1, 1), new EventFactory("gave-up", Clock.systemUTC()));

        assertThat(summary.totalAccepted()).isZero();
        assertThat(summary.failures()).isEqualTo(Map.of("503", 4L));
        assertThat(summary.retries().attempts()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void stopEndsAnArrivalRateRunEarlyAndItsRequestsInFlightFinish() throws Exception {
        URI url = serve(event -> 200);
        LoadRunner runner = runner(url);
        CompletableFuture<LoadSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(new Scenario.ArrivalRate(20, Duration.ofHours(1), 50), new EventFactory("stopped", Clock.systemUTC()));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 5);

        runner.stop();

        LoadSummary summary = run.get(10, TimeUnit.SECONDS);
        assertThat(summary.totalAccepted()).isEqualTo(summary.totalSent()).isEqualTo(received.size());
    }

    @Test
    void aNegativeRetryTimeIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry time must be zero or positive");
    }

    @Test
    void retryAfterIsHonouredWithinBoundsAndNoAnswerBacksOffExponentially() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(1));

        assertThat(policy.afterUnavailable("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.afterUnavailable("3600")).isEqualTo(RetryPolicy.MAX_RETRY_AFTER);
        assertThat(policy.afterUnavailable(null)).isEqualTo(RetryPolicy.DEFAULT_RETRY_AFTER);
        assertThat(policy.afterUnavailable("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(RetryPolicy.DEFAULT_RETRY_AFTER);
        assertThat(policy.afterUnavailable("-1")).isEqualTo(RetryPolicy.DEFAULT_RETRY_AFTER);
        assertThat(policy.afterNoAnswer(0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.afterNoAnswer(1)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.afterNoAnswer(10)).isEqualTo(Duration.ofSeconds(2));
    }

    private LoadRunner retrying(URI url, Duration retryFor) {
        return new LoadRunner(url, null, LoadRunner.Thresholds.DEFAULT, new RetryPolicy(retryFor), Clock.systemUTC());
    }

    private LoadRunner runner(URI url) {
        return new LoadRunner(url, null, LoadRunner.Thresholds.DEFAULT, Clock.systemUTC());
    }

    /** A stand-in endpoint answering each event with the status {@code answer} gives, echoing its id like the producer. */
    private URI serve(Function<JsonNode, Integer> answer) throws IOException {
        return serve(answer, null);
    }

    /**
     * The same, with a {@code Retry-After} header on 503 answers when {@code retryAfter} is not null; the status
     * {@link #DROP_CONNECTION} closes the connection without an answer.
     */
    private URI serve(Function<JsonNode, Integer> answer, String retryAfter) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/events", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            received.add(event);
            int status = answer.apply(event);
            if (status == DROP_CONNECTION) {
                exchange.close();
                return;
            }
            if (status == 503 && retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
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
