package io.cdcfanout.consumers.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.consumers.projection.ViewDatabaseResource;
import io.cdcfanout.events.CarServiceDone;
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
        initArgs = @ResourceArg(name = "topics", value = ServiceConsumerTest.TOPIC))
@QuarkusTestResource(ViewDatabaseResource.class)
class ServiceConsumerTest {

    static final String TOPIC = "filtered-service-events";

    @InjectCdcTestKit
    CdcTestKit kit;

    @Test
    void servicesAtOneDealerAddUpAtDealers() {
        String dealerId = "DEALER-" + UUID.randomUUID();

        kit.publish(TOPIC, SampleEvents.carServiceDone("SRV-1", "CAR-1", dealerId, "350.00"), WireFormat.JSON);
        kit.publish(TOPIC, SampleEvents.carServiceDone("SRV-2", "CAR-2", dealerId, "49.90"), WireFormat.JSON);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/dealers/" + dealerId).then()
                .statusCode(200)
                .body("services", equalTo(2))
                .body("revenue", equalTo(399.90f))
                .body("lastCarId", equalTo("CAR-2")));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void serviceSentTwiceIsCountedOnceAtItsDealer() {
        String dealerId = "DEALER-" + UUID.randomUUID();
        CarServiceDone service = SampleEvents.carServiceDone("SRV-1", "CAR-1", dealerId, "350.00");

        kit.publish(TOPIC, service, WireFormat.JSON);
        kit.publish(TOPIC, service, WireFormat.JSON);
        kit.publish(TOPIC, SampleEvents.carServiceDone("SRV-2", "CAR-2", dealerId, "49.90"), WireFormat.JSON);

        // In partition order: once CAR-2's service is in, the re-delivery was handled before it.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/dealers/" + dealerId).then()
                .statusCode(200)
                .body("lastCarId", equalTo("CAR-2")));
        given().get("/dealers/" + dealerId).then()
                .body("services", equalTo(2))
                .body("revenue", equalTo(399.90f));
    }

    @Test
    void dealerWithoutServicesIsNotFound() {
        given().get("/dealers/DEALER-never-seen").then().statusCode(404);
    }
}
