package io.cdcfanout.producerapi.api;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.localstack.process.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database cannot be reached: requests get 503 and readiness reports DOWN, liveness stays UP. */
@QuarkusTest
@TestProfile(DatabaseUnavailableTest.UnreachableDatabase.class)
class DatabaseUnavailableTest {

    /** Points the datasource at a port nobody listens on; no migration at start (nothing to migrate into). */
    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + Ports.freePort() + "/cdcfanout",
                    "quarkus.datasource.username", "fanout",
                    "quarkus.datasource.password", "fanout",
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @Test
    void eventIsAnswered503WhileTheDatabaseIsUnreachable() {
        given().contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5").body("status", equalTo(503));
    }

    @Test
    void bulkItemsAreAnswered503WhileTheDatabaseIsUnreachable() {
        given().contentType("application/json").body(List.of(fresh(CAR_CREATED)).toString()).when().post("/api/v1/events/bulk")
                .then().statusCode(200).body("results[0].status", equalTo(503));
    }

    @Test
    void readinessIsDownButLivenessIsUp() {
        management().when().get("/q/health/ready").then().statusCode(503);
        given().when().get("/api/v1/events/health").then().statusCode(503);
        management().when().get("/q/health/live").then().statusCode(200);
    }
}
