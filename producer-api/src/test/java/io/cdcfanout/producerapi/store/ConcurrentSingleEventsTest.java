package io.cdcfanout.producerapi.store;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.count;
import static io.cdcfanout.producerapi.Events.eventId;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Events.withEntityId;
import static io.cdcfanout.producerapi.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.producerapi.StackResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Single POSTs of many concurrent clients share transactions (group commit): each request still gets the answer
 * its own event deserves — stored, duplicate or 409 — and the database holds exactly the accepted events, with every
 * entity at its latest state, whatever the grouping.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class ConcurrentSingleEventsTest {

    private static final int CLIENTS = 16;
    private static final int EVENTS_PER_CLIENT = 30;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void concurrentEventsAreGroupedAndEachGetsItsOwnAnswer() throws Exception {
        spans.reset();
        String sharedCar = "CAR-GROUP-" + UUID.randomUUID();
        Instant latest = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier together = new CyclicBarrier(CLIENTS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int clientIndex = client;
                done.add(clients.submit(() -> {
                    together.await();
                    for (int i = 0; i < EVENTS_PER_CLIENT; i++) {
                        // Every client updates one shared car; the states' updatedAt differ, the latest must win.
                        Instant updatedAt = latest.minusSeconds((long) i * CLIENTS + clientIndex);
                        ObjectNode event = withEntityId(fresh(CAR_CREATED), sharedCar);
                        ((ObjectNode) event.at("/entities/0/entityHeader")).put("updatedAt", updatedAt.toString());
                        expect(post(event), 200, "stored");
                        accepted.add(eventId(event));
                        if (i % 5 == 0) {
                            expect(post(event), 200, "duplicate");
                        }
                        if (i % 7 == 0) {
                            ObjectNode conflicting = fresh(CAR_CREATED, UUID.fromString(eventId(event)));
                            expect(post(conflicting), 409, null);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : done) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }

        String[] ids = accepted.toArray(String[]::new);
        assertThat(count("SELECT count(*) FROM business_event WHERE event_id::text = ANY(?)", (Object) ids))
                .isEqualTo((long) CLIENTS * EVENTS_PER_CLIENT);
        assertThat(count("SELECT count(*) FROM car_entities WHERE id = ? AND updated_at = ?::timestamptz AND last_event_id::text = ANY(?)",
                sharedCar, latest.toString(), ids)).isEqualTo(1);
        // Spans reach the exporter in batches, a moment after they end.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(EventStore.SPAN_NAME))
                .map(span -> span.getAttributes().get(AttributeKey.longKey(EventStore.ATTRIBUTE_GROUP_SIZE)))
                .filter(size -> size != null)
                .mapToLong(Long::longValue).max().orElse(0))
                .as("events of concurrent requests shared a transaction").isGreaterThan(1));
        // Operators see the grouping too.
        String metrics = management().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(line -> line.startsWith("producer_store_transaction_events_max"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).max().orElse(0))
                .isGreaterThan(1);
    }

    private static Response post(ObjectNode event) {
        return given().contentType("application/json").body(event.toString()).when().post("/api/v1/events");
    }

    private static void expect(Response answer, int status, String result) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        if (result != null) {
            assertThat(answer.jsonPath().getString("result")).isEqualTo(result);
        }
    }
}
