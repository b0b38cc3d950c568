package io.cdcfanout.consumers.car;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.consumers.projection.ViewDatabaseResource;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.testkit.CdcFanoutTestResource;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CdcFanoutTestResource.class,
        initArgs = @ResourceArg(name = "topics", value = CarConsumerTest.TOPIC))
@QuarkusTestResource(ViewDatabaseResource.class)
class CarConsumerTest {

    static final String TOPIC = "filtered-car-created-events";

    @InjectCdcTestKit
    CdcTestKit kit;

    @Test
    void carCreatedOnItsTopicIsServedAtCars() {
        String carId = "CAR-" + UUID.randomUUID();

        kit.publish(TOPIC, SampleEvents.carCreated(carId), WireFormat.JSON);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/cars/" + carId).then()
                .statusCode(200)
                .body("make", equalTo("Tesla"))
                .body("year", equalTo(2025))
                .body("owner", equalTo("John Doe")));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void unknownCarIsNotFound() {
        given().get("/cars/CAR-never-seen").then().statusCode(404);
    }
}
