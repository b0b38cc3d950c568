package io.cdcfanout.producerapi.api;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.count;
import static io.cdcfanout.producerapi.Events.eventId;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Events.storedEvents;
import static io.cdcfanout.producerapi.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.producerapi.StackResource;
import io.cdcfanout.producerapi.event.EventReader;
import io.cdcfanout.producerapi.event.JsonbText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The size and shape contract: an accepted event fits Kafka's record limit as Debezium will publish
 * it (jsonb text, numbers written out), and hostile numbers are answered fast and precisely.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class EventLimitsTest {

    private static final String EVENTS = "/api/v1/events";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final int MAX_EVENT_BYTES = 983040;

    @Inject
    EventReader reader;

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).when().post(EVENTS).then().log().ifValidationFails();
    }

    private static ValidatableResponse postBulk(String query, String body) {
        return given().contentType("application/json").body(body).when().post(EVENTS + "/bulk" + query).then().log().ifValidationFails();
    }

    /** A fresh CarCreated whose car carries an extra member {@code pad}: an array of {@code count} copies of {@code number}. */
    private static String padded(ObjectNode event, int count, String number) {
        ((ObjectNode) event.get("entities").get(0)).put("pad", "PAD");
        return event.toString().replace("\"PAD\"", "[" + String.join(",", Collections.nCopies(count, number)) + "]");
    }

    @AfterEach
    void serviceStaysReady() {
        management().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void smallEventWhoseNumbersExplodeInJsonbIs413NamingThePaddedField() {
        ObjectNode event = fresh(CAR_CREATED);
        String body = padded(event, 3500, "1e300");
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(20_000, 25_000);

        post(body).statusCode(413).contentType(PROBLEM_JSON)
                .body("status", equalTo(413)).body("limit", equalTo(MAX_EVENT_BYTES))
                .body("violations[0].pointer", equalTo("/entities/0/pad"))
                .body("detail", containsString("producer.max-event-bytes"));
        assertThat(storedEvents(eventId(event))).isZero();
    }

    @Test
    void hugeNumberInAMultipleOfFieldIs422Fast() {
        ObjectNode event = fresh(CAR_CREATED);
        String body = event.toString().replace("\"totalBalance\":0.0", "\"totalBalance\":1e20000000");
        assertThat(body).contains("1e20000000");

        long start = System.nanoTime();
        post(body).statusCode(422).contentType(PROBLEM_JSON)
                .body("violations.pointer", equalTo(List.of("/entities/0/totalBalance")))
                .body("violations[0].message", containsString("PostgreSQL numeric"));
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to answer").isLessThan(1000);
        assertThat(storedEvents(eventId(event))).isZero();
    }

    @Test
    void numbersPostgresCannotStoreAre422NotFailures() {
        ObjectNode tiny = fresh(CAR_CREATED);
        post(padded(tiny, 1, "1e-20000")).statusCode(422).contentType(PROBLEM_JSON)
                .body("violations.pointer", equalTo(List.of("/entities/0/pad/0")))
                .body("violations[0].message", containsString("20000 after the decimal point"));
        ObjectNode long_ = fresh(CAR_CREATED);
        post(padded(long_, 2, "1e500")).statusCode(422)
                .body("violations.pointer", equalTo(List.of("/entities/0/pad/0", "/entities/0/pad/1")))
                .body("violations[0].message", containsString("producer.max-number-length"));
        assertThat(storedEvents(eventId(tiny)) + storedEvents(eventId(long_))).isZero();
    }

    @Test
    void thousandsOfBadNumbersGetABoundedAnswer() {
        post(padded(fresh(CAR_CREATED), 5000, "1e-20000")).statusCode(422)
                .body("violations.size()", equalTo(100)).body("detail", containsString("5000 violation(s)"));
    }

    @Test
    void nearLimitEventOfLargeNumbersIsAcceptedWhenItFitsAnd413WhenNot() throws Exception {
        ObjectNode event = fresh(CAR_CREATED);
        // Each 1e299 is 300 characters in jsonb, plus ", " between elements.
        int fitting = 1 + (int) ((MAX_EVENT_BYTES - measure(padded(event.deepCopy(), 1, "1e299"))) / 302);
        assertThat(fitting).isGreaterThan(3000);
        String fits = padded(event.deepCopy(), fitting, "1e299");
        assertThat(measure(padded(event.deepCopy(), fitting + 1, "1e299"))).isGreaterThan(MAX_EVENT_BYTES);
        String over = padded(fresh(CAR_CREATED), fitting + 1, "1e299");

        post(fits).statusCode(200).body("result", equalTo("stored"));
        long stored = count("SELECT octet_length(event::text) FROM business_event WHERE event_id = ?::uuid", eventId(event));
        assertThat(stored).isEqualTo(measure(fits)).isLessThanOrEqualTo(MAX_EVENT_BYTES).isGreaterThan(MAX_EVENT_BYTES - 302);
        post(over).statusCode(413).body("violations[0].pointer", equalTo("/entities/0/pad"));
    }

    private long measure(String body) throws Exception {
        return JsonbText.length(reader.read(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bulkAnswersTheTooLargeEventAloneOrRejectsTheAtomicTransaction() {
        ObjectNode small = fresh(CAR_CREATED);
        ObjectNode big = fresh(CAR_CREATED);
        String bulk = "[" + small + "," + padded(big, 3500, "1e300") + "]";

        postBulk("", bulk).statusCode(200)
                .body("results.status", equalTo(List.of(200, 413)))
                .body("results[1].problem.violations[0].pointer", equalTo("/entities/0/pad"));
        assertThat(storedEvents(eventId(small))).isEqualTo(1);
        assertThat(storedEvents(eventId(big))).isZero();

        ObjectNode atomicSmall = fresh(CAR_CREATED);
        String atomic = "[" + atomicSmall + "," + padded(fresh(CAR_CREATED), 3500, "1e300") + "]";
        postBulk("?atomic=true", atomic).statusCode(413).contentType(PROBLEM_JSON)
                .body("violations[0].pointer", equalTo("/1/entities/0/pad"));
        assertThat(storedEvents(eventId(atomicSmall))).isZero();
    }

    @Test
    void updatedAtBeyondTheClockSkewIs422AndWithinItIsAccepted() {
        ObjectNode future = fresh(CAR_CREATED);
        ((ObjectNode) future.get("entities").get(0).get("entityHeader"))
                .put("updatedAt", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString());
        post(future.toString()).statusCode(422)
                .body("violations.pointer", hasItem("/entities/0/entityHeader/updatedAt"))
                .body("violations[0].message", containsString("producer.max-clock-skew"));
        assertThat(storedEvents(eventId(future))).isZero();

        ObjectNode skewed = fresh(CAR_CREATED);
        ((ObjectNode) skewed.get("entities").get(0).get("entityHeader"))
                .put("updatedAt", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1).toString());
        post(skewed.toString()).statusCode(200);
    }

    @Test
    void numberTokenLongerThanTheParserAllowsIs400WithTheReason() {
        String body = fresh(CAR_CREATED).toString().replace("\"mileage\":0", "\"mileage\":1" + "0".repeat(1500));
        post(body).statusCode(400).contentType(PROBLEM_JSON).body("detail", containsString("Number value length"));
    }
}
