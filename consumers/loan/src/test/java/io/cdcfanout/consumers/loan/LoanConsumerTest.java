package io.cdcfanout.consumers.loan;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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
        initArgs = @ResourceArg(name = "topics", value = LoanConsumerTest.TOPIC))
class LoanConsumerTest {

    static final String TOPIC = "filtered-loan-created-events";

    @InjectCdcTestKit
    CdcTestKit kit;

    @Test
    void loanCreatedOnItsTopicIsServedAtLoansAndCounted() {
        String loanId = "LOAN-" + UUID.randomUUID();

        kit.publish(TOPIC, SampleEvents.loanCreated(loanId, "CAR-7", "125000.50"), WireFormat.JSON);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/loans/" + loanId).then()
                .statusCode(200)
                .body("carId", equalTo("CAR-7"))
                .body("loanAmount", equalTo(125000.50f))
                .body("status", equalTo("active")));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cdcfanout_consumer_events_succeeded_total{event_type=\"LoanCreated\",topic=\"" + TOPIC + "\"}"));
    }

    @Test
    void unknownLoanIsNotFound() {
        given().get("/loans/LOAN-never-seen").then().statusCode(404);
    }
}
