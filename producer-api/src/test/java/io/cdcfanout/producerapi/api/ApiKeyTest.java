package io.cdcfanout.producerapi.api;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.producerapi.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code producer.api-key} set to a rotation pair, every path of the API port needs one of the
 * two keys; the management interface needs none.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(ApiKeyTest.WithRotatingKeys.class)
class ApiKeyTest {

    private static final String OLD_KEY = "s3cret-old";
    private static final String NEW_KEY = "s3cret-new";

    public static class WithRotatingKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("producer.api-key", OLD_KEY + "," + NEW_KEY);
        }
    }

    @Test
    void eventWithoutAKeyIs401Problem() {
        given().contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @ParameterizedTest
    @ValueSource(strings = {"guess", "s3cret", "s3cret-old,s3cret-new", "S3CRET-OLD", "s3cret-ne", "s3cret-new-"})
    void eventWithAWrongKeyIs401(String wrong) {
        given().header("X-API-Key", wrong).contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {OLD_KEY, NEW_KEY})
    void eventWithEitherKeyOfTheRotationPairIsStored(String key) {
        given().header("X-API-Key", key).contentType("application/json").body(fresh(CAR_CREATED).toString()).when().post("/api/v1/events")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/events/health", "/api/v1/events/bulk", "/api/v1/nothing-here", "/", "/no/such/path",
            "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/", "/q/dev-ui"})
    void everyPathOfTheApiPortWithoutAKeyIs401EvenUnknownOnes(String path) {
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void withAKeyUnknownPathsAre404AndTheLegacyHealthCheckAnswers() {
        given().header("X-API-Key", NEW_KEY).when().get("/no/such/path").then().statusCode(404);
        given().header("X-API-Key", OLD_KEY).when().get("/api/v1/events/health").then().statusCode(200);
    }

    @Test
    void managementInterfaceNeedsNoKey() {
        management().when().get("/q/health/ready").then().statusCode(200);
        management().when().get("/q/metrics").then().statusCode(200);
    }
}
