package io.cdcfanout.consumers.loan;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.cdcfanout.consumers.projection.ViewDatabaseResource;
import io.cdcfanout.events.LoanCreated;
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
        initArgs = @ResourceArg(name = "topics", value = LoanConsumerTest.TOPIC))
@QuarkusTestResource(ViewDatabaseResource.class)
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
                .body(containsString("cdcfanout_consumer_events_succeeded_total{event_type=\"LoanCreated\",topic=\"" + TOPIC + "\"}"))
                // The buckets the end-to-end delay alert's p99 needs (infra/observability/prometheus/alerts.yml).
                .body(containsString("cdcfanout_consumer_end_to_end_delay_seconds_bucket{event_type=\"LoanCreated\""));
    }

    @Test
    void loanRedeliveredWithTheSameEventIdKeepsTheFirstVersion() {
        String loanId = "LOAN-" + UUID.randomUUID();
        LoanCreated first = SampleEvents.loanCreated(loanId, "CAR-1", "1000.00");
        kit.publish(TOPIC, first, WireFormat.JSON);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/loans/" + loanId).then().statusCode(200));

        // The same event id (header eventId) with other content: had the view applied it again, the amount would change.
        LoanCreated again = SampleEvents.loanCreated(loanId, "CAR-2", "2000.00");
        kit.publishRaw(TOPIC, loanId, kit.encode(TOPIC, again, WireFormat.JSON),
                Map.of(RecordHeaders.EVENT_ID, first.getEventHeader().getUuid(), RecordHeaders.EVENT_TYPE, "LoanCreated"));
        String marker = "LOAN-" + UUID.randomUUID();
        kit.publish(TOPIC, SampleEvents.loanCreated(marker), WireFormat.JSON);

        // Events of one topic partition are handled in order: once the next one is in, the re-delivery was handled.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/loans/" + marker).then().statusCode(200));
        given().get("/loans/" + loanId).then().statusCode(200)
                .body("carId", equalTo("CAR-1"))
                .body("loanAmount", equalTo(1000.00f))
                .body("eventId", equalTo(first.getEventHeader().getUuid()));
    }

    @Test
    void unknownLoanIsNotFound() {
        given().get("/loans/LOAN-never-seen").then().statusCode(404);
    }
}
