package io.cdcfanout.consumers.loanpayment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.consumers.projection.ViewDatabaseResource;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.testkit.CdcFanoutTestResource;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CdcFanoutTestResource.class,
        initArgs = @ResourceArg(name = "topics", value = LoanPaymentConsumerTest.TOPIC))
@QuarkusTestResource(ViewDatabaseResource.class)
class LoanPaymentConsumerTest {

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
    void paymentSentTwiceWithTheSameEventIdIsCountedOnce() {
        String loanId = "LOAN-" + UUID.randomUUID();
        LoanPaymentSubmitted payment = SampleEvents.loanPaymentSubmitted("PAY-1", loanId, "500.00");

        kit.publish(TOPIC, payment, WireFormat.JSON);
        kit.publish(TOPIC, payment, WireFormat.JSON);
        // The same event id with another amount: a view that applied it would show it.
        kit.publishRaw(TOPIC, loanId, kit.encode(TOPIC, SampleEvents.loanPaymentSubmitted("PAY-X", loanId, "7.00"), WireFormat.JSON),
                Map.of(RecordHeaders.EVENT_ID, payment.getEventHeader().getUuid(), RecordHeaders.EVENT_TYPE, "LoanPaymentSubmitted"));
        kit.publish(TOPIC, SampleEvents.loanPaymentSubmitted("PAY-2", loanId, "100.00"), WireFormat.JSON);

        // In partition order: once PAY-2 is in, both re-deliveries were handled before it.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/payments/loans/" + loanId).then()
                .statusCode(200)
                .body("lastPaymentId", equalTo("PAY-2")));
        given().get("/payments/loans/" + loanId).then()
                .body("payments", equalTo(2))
                .body("totalPaid", equalTo(600.00f));
        // Both re-deliveries reached the view (the SDK's in-memory de-duplication is off) and were ignored there.
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "cdcfanout_consumer_view_events_already_applied_total{event_type=\"LoanPaymentSubmitted\",topic=\"" + TOPIC + "\"} 2.0"));
    }

    @Test
    void loanWithoutPaymentsIsNotFound() {
        given().get("/payments/loans/LOAN-never-paid").then().statusCode(404);
    }
}
