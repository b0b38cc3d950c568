package io.cdcfanout.producerapi.store;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.count;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.producerapi.Events;
import io.cdcfanout.producerapi.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Atomic bulks racing on the same entities take their row locks in one global order: no deadlock, no 503. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class ConcurrentBulkTest {

    private static final int CARS = 100;
    private static final int ROUNDS = 5;

    @Test
    void atomicBulksOverlappingInOppositeOrderAllSucceed() throws Exception {
        List<String> cars = new ArrayList<>();
        for (int i = 0; i < CARS; i++) {
            cars.add("CAR-LOCK-" + UUID.randomUUID());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String forward = bulk(cars);
                String backward = bulk(cars.reversed());
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Response> first = pool.submit(() -> post(together, forward));
                Future<Response> second = pool.submit(() -> post(together, backward));
                for (Response answer : List.of(first.get(), second.get())) {
                    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM car_entities WHERE id = ANY(?)", (Object) cars.toArray(String[]::new)))
                .isEqualTo(CARS);
        assertThat(count("SELECT count(*) FROM business_event WHERE primary_entity_id = ANY(?)", (Object) cars.toArray(String[]::new)))
                .isEqualTo(2L * CARS * ROUNDS);
    }

    private static String bulk(List<String> cars) {
        List<ObjectNode> events = new ArrayList<>();
        for (String car : cars) {
            events.add(Events.withEntityId(fresh(CAR_CREATED, UUID.randomUUID()), car));
        }
        return events.toString();
    }

    private static Response post(CyclicBarrier together, String body) throws Exception {
        together.await();
        return given().contentType("application/json").body(body).when().post("/api/v1/events/bulk?atomic=true");
    }
}
