package io.cdcfanout.producerapi.api;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.producerapi.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code producer.api-key} set, events need the key; health endpoints stay open. */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(ApiKeyTest.WithApiKey.class)
class ApiKeyTest {

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("producer.api-key", "s3cret");
        }
    }

    @Test
    void eventWithoutOrWithAWrongKeyIs401() {
        given().contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().header("X-API-Key", "guess").contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(401);
    }

    @Test
    void eventWithTheKeyIsStored() {
        given().header("X-API-Key", "s3cret").contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(200);
    }

    @Test
    void healthEndpointsNeedNoKey() {
        given().when().get("/api/v1/events/health").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
