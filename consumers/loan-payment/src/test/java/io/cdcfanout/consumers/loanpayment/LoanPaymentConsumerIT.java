package io.cdcfanout.consumers.loanpayment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.testkit.CdcFanoutTestResource;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs against the packaged application: the jar, or the native executable with -Pnative. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = CdcFanoutTestResource.class,
        initArgs = @ResourceArg(name = "topics", value = LoanPaymentConsumerIT.TOPIC))
class LoanPaymentConsumerIT {

    static final String TOPIC = "filtered-loan-payment-submitted-events";

    @InjectCdcTestKit
    CdcTestKit kit;

    @Test
    void paymentsOfOneLoanAddUpAtPaymentsOfThatLoan() {
        String loanId = "LOAN-" + UUID.randomUUID();

        kit.publish(TOPIC, SampleEvents.loanPaymentSubmitted("PAY-1", loanId, "932.16"), WireFormat.JSON);
        kit.publish(TOPIC, SampleEvents.loanPaymentSubmitted("PAY-2", loanId, "100.00"), WireFormat.JSON);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/payments/loans/" + loanId).then()
                .statusCode(200)
                .body("payments", equalTo(2))
                .body("totalPaid", equalTo(1032.16f))
                .body("lastPaymentId", equalTo("PAY-2")));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void loanWithoutPaymentsIsNotFound() {
        given().get("/payments/loans/LOAN-never-paid").then().statusCode(404);
    }
}
