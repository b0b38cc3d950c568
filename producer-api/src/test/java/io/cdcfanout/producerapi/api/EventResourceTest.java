package io.cdcfanout.producerapi.api;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.CAR_SERVICE_DONE;
import static io.cdcfanout.producerapi.Events.LOAN_CREATED;
import static io.cdcfanout.producerapi.Events.LOAN_PAYMENT_SUBMITTED;
import static io.cdcfanout.producerapi.Events.count;
import static io.cdcfanout.producerapi.Events.eventId;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Events.primaryEntityId;
import static io.cdcfanout.producerapi.Events.storedEvents;
import static io.cdcfanout.producerapi.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.producerapi.Events;
import io.cdcfanout.producerapi.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(StackResource.class)
class EventResourceTest {

    private static final String EVENTS = "/api/v1/events";
    private static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/api/v1/events")
    URI eventsUri;

    /** Posts bytes exactly as given (RestAssured re-encodes bodies), answering status and parsed body. */
    private Answer postBytes(byte[] body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(eventsUri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), Events.JSON.readTree(response.body()));
        }
    }

    private record Answer(int status, String contentType, JsonNode body) {
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).when().post(EVENTS).then().log().ifValidationFails();
    }

    private static ValidatableResponse postBulk(String query, Object body) {
        return given().contentType("application/json").body(body).when().post(EVENTS + "/bulk" + query).then().log().ifValidationFails();
    }

    /** Bad input must leave the service healthy. */
    @AfterEach
    void serviceStaysReady() {
        management().when().get("/q/health/ready").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {CAR_CREATED, LOAN_CREATED, LOAN_PAYMENT_SUBMITTED, CAR_SERVICE_DONE})
    void referenceSampleIsAcceptedUnchanged(String sample) throws Exception {
        byte[] body = Events.sampleBytes(sample);
        String id = Events.JSON.readTree(body).get("eventHeader").get("uuid").asText();
        Answer answer = postBytes(body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().path("eventId").asText()).isEqualTo(id);
        assertThat(storedEvents(id)).isEqualTo(1);
    }

    @Test
    void acceptedEventStoresEventEntityAndOutboxInOneTransaction() {
        ObjectNode event = fresh(LOAN_CREATED);
        post(event.toString()).statusCode(200).contentType("application/json")
                .body("eventId", equalTo(eventId(event))).body("result", equalTo("stored"));

        assertThat(count("SELECT count(*) FROM business_event WHERE event_id = ?::uuid AND event_type = 'LoanCreated' AND primary_entity_id = ?",
                eventId(event), primaryEntityId(event))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM business_event WHERE event_id = ?::uuid AND event = ?::jsonb", eventId(event), event.toString())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM loan_entities WHERE id = ? AND last_event_id = ?::uuid AND updated_attributes->>'carId' = 'CAR-2025-001'",
                primaryEntityId(event), eventId(event))).isEqualTo(1);
        // The outbox row is inserted and deleted in the same transaction: Debezium reads the insert from the WAL.
        assertThat(count("SELECT count(*) FROM outboxevent")).isZero();
    }

    @Test
    void eventWithoutUuidGetsAGeneratedIdThatIsReturnedAndStored() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("eventHeader")).remove("uuid");
        String id = post(event.toString()).statusCode(200).body("eventId", matchesPattern("[0-9a-f-]{36}")).extract().path("eventId");
        assertThat(count("SELECT count(*) FROM business_event WHERE event_id = ?::uuid AND event->'eventHeader'->>'uuid' = ?", id, id)).isEqualTo(1);
    }

    @Test
    void retryWithIdenticalContentSucceedsWithoutASecondWrite() {
        ObjectNode event = fresh(CAR_SERVICE_DONE);
        post(event.toString()).statusCode(200).body("result", equalTo("stored"));
        // Same content, other key order and number formatting: still the same event.
        ObjectNode reordered = Events.JSON.createObjectNode();
        reordered.set("entities", event.get("entities"));
        reordered.set("eventHeader", event.get("eventHeader"));
        String reformatted = reordered.toString().replace("\"amountPaid\":350.0", "\"amountPaid\":350.000");
        assertThat(reformatted).contains("350.000");
        post(reformatted).statusCode(200).body("eventId", equalTo(eventId(event))).body("result", equalTo("duplicate"));
        post(event.toString()).statusCode(200).body("result", equalTo("duplicate"));
        assertThat(storedEvents(eventId(event))).isEqualTo(1);
    }

    @Test
    void sameEventIdWithDifferentContentIsAConflict() {
        ObjectNode event = fresh(LOAN_PAYMENT_SUBMITTED);
        post(event.toString()).statusCode(200);
        ObjectNode changed = event.deepCopy();
        ((ObjectNode) changed.get("entities").get(0)).put("amount", 1.00);
        post(changed.toString()).statusCode(409).contentType(PROBLEM_JSON)
                .body("status", equalTo(409)).body("eventId", equalTo(eventId(event)));
        assertThat(count("SELECT count(*) FROM business_event WHERE event_id = ?::uuid AND event->'entities'->0->>'amount' = '932.16'", eventId(event))).isEqualTo(1);
    }

    @Test
    void malformedBodiesAreAnswered400WithTheReason() throws Exception {
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertMalformed(new byte[0], "empty");
        assertMalformed("   ".getBytes(StandardCharsets.UTF_8), "empty");
        assertMalformed("{\"eventHeader\": {".getBytes(StandardCharsets.UTF_8), "malformed JSON");
        assertMalformed("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8), "Duplicate field 'a'");
        assertMalformed("{} {}".getBytes(StandardCharsets.UTF_8), "malformed JSON");
        assertMalformed(invalidUtf8, "UTF-8");
        assertMalformed(("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8), "nested deeper than 32 levels");
    }

    private void assertMalformed(byte[] body, String reason) throws Exception {
        Answer answer = postBytes(body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(answer.body().path("detail").asText()).contains(reason);
    }

    @Test
    void schemaViolationsAreAllListedWithTheirJsonPointers() {
        ObjectNode event = fresh(CAR_CREATED);
        ObjectNode car = (ObjectNode) event.get("entities").get(0);
        car.remove("vin");
        car.put("year", "2025");
        car.put("mileage", -1);
        ((ObjectNode) event.get("eventHeader")).put("createdDate", "2025-01-15T10:30:00");
        post(event.toString()).statusCode(422).contentType(PROBLEM_JSON)
                .body("status", equalTo(422))
                .body("violations.pointer", hasItems("/entities/0/vin", "/entities/0/year", "/entities/0/mileage", "/eventHeader/createdDate"));
        assertThat(storedEvents(eventId(event))).isZero();
        assertThat(count("SELECT count(*) FROM car_entities WHERE id = ?", primaryEntityId(event))).isZero();
    }

    @Test
    void unknownEventTypeIsRejected() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("eventHeader")).put("eventType", "CarStolen");
        post(event.toString()).statusCode(422).body("violations.pointer", hasItem("/eventHeader/eventType"));
    }

    @Test
    void unknownEntityTypeIsRejected() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("entities").get(0).get("entityHeader")).put("entityType", "Boat");
        post(event.toString()).statusCode(422).body("violations.pointer", hasItem("/entities/0/entityHeader/entityType"));
    }

    @Test
    void entityWhoseTypeDoesNotMatchTheEventTypeIsRejected() {
        ObjectNode loanEvent = fresh(LOAN_CREATED);
        ObjectNode carEvent = fresh(CAR_CREATED);
        ((ObjectNode) loanEvent.get("eventHeader")).put("eventType", "CarCreated");
        post(loanEvent.toString()).statusCode(422).body("violations.pointer", hasItem("/entities/0/entityHeader/entityType"));
        // A second entity of a type the event does not carry.
        ((com.fasterxml.jackson.databind.node.ArrayNode) carEvent.get("entities")).add(fresh(LOAN_CREATED).get("entities").get(0));
        post(carEvent.toString()).statusCode(422).body("violations.pointer", hasItem("/entities/1/entityHeader/entityType"));
        assertThat(storedEvents(eventId(carEvent))).isZero();
    }

    @Test
    void entityHeaderIdDifferentFromEntityIdIsRejected() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("entities").get(0).get("entityHeader")).put("entityId", "CAR-OTHER");
        post(event.toString()).statusCode(422).body("violations.pointer", hasItem("/entities/0/entityHeader/entityId"));
    }

    @Test
    void numbersOutOfRangeAreRejected() {
        String event = fresh(LOAN_CREATED).toString();
        post(event.replace("\"balance\":45000.0", "\"balance\":1e400")).statusCode(422)
                .body("violations.pointer", hasItem("/entities/0/balance"));
        post(event.replace("\"termMonths\":60", "\"termMonths\":123456789012345678901234567890")).statusCode(422)
                .body("violations.pointer", hasItem("/entities/0/termMonths"));
        post(event.replace("\"interestRate\":0.045", "\"interestRate\":4.5")).statusCode(422)
                .body("violations.pointer", hasItem("/entities/0/interestRate"));
    }

    /**
     * Valid JSON numbers that the typed model (decimal(18,2), int) cannot hold would be accepted and then dead-lettered by
     * every consumer: refused here instead (SchemaAvroAgreementTest keeps the schemas' bounds within the Avro types).
     */
    @Test
    void numbersTheConsumersTypedModelCannotHoldAreRejected() {
        String loan = fresh(LOAN_CREATED).toString();
        post(loan.replace("\"loanAmount\":50000.0", "\"loanAmount\":12345678901234567.0")).statusCode(422)
                .body("violations.pointer", hasItem("/entities/0/loanAmount"));
        post(loan.replace("\"loanAmount\":50000.0", "\"loanAmount\":999999999999.99")).statusCode(200);
        ObjectNode service = fresh(CAR_SERVICE_DONE);
        ((ObjectNode) service.get("entities").get(0)).put("mileageAtService", 3_000_000_000L);
        post(service.toString()).statusCode(422).body("violations.pointer", hasItem("/entities/0/mileageAtService"));
    }

    @Test
    void stringsPostgresCannotStoreAreRejectedNotFailed() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("entities").get(0)).put("color", "red\u0000");
        post(event.toString()).statusCode(422).body("violations.pointer", hasItem("/entities/0/color"));
    }

    @Test
    void datesInOtherOffsetsAreAcceptedAndStoredAsTheSameInstant() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("eventHeader")).put("createdDate", "2025-01-15T12:30:00+02:00");
        post(event.toString()).statusCode(200);
        assertThat(count("SELECT count(*) FROM business_event WHERE event_id = ?::uuid AND created_date = '2025-01-15T10:30:00Z'", eventId(event))).isEqualTo(1);
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType("text/plain").body(fresh(CAR_CREATED).toString()).when().post(EVENTS)
                .then().statusCode(415).contentType(PROBLEM_JSON).body("status", equalTo(415));
    }

    @Test
    void bodyOverTheLimitIs413WithTheLimit() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("entities").get(0)).put("description", "x".repeat(1_100_000));
        post(event.toString()).statusCode(413).contentType(PROBLEM_JSON).body("limit", equalTo(1048576));
        assertThat(storedEvents(eventId(event))).isZero();
    }

    @Test
    void bulkWithTooManyItemsIs413WithTheLimit() {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            events.add(fresh(CAR_CREATED));
        }
        postBulk("", events.toString()).statusCode(413).body("limit", equalTo(500));
        assertThat(storedEvents(eventId(events.get(0)))).isZero();
    }

    @Test
    void manyRequestsRacingOnTheSameNewEntityIdAllSucceed() throws Exception {
        String carId = "CAR-RACE-" + UUID.randomUUID();
        int requests = 24;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String body = Events.withEntityId(fresh(CAR_CREATED, UUID.randomUUID()), carId).toString();
                calls.add(() -> post(body).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertThat(statuses).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM car_entities WHERE id = ?", carId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM business_event WHERE primary_entity_id = ?", carId)).isEqualTo(requests);
    }

    @Test
    void bulkWithoutAtomicAnswersEachItemInRequestOrder() {
        ObjectNode stored = fresh(CAR_CREATED);
        ObjectNode invalid = fresh(LOAN_CREATED);
        ((ObjectNode) invalid.get("entities").get(0)).remove("carId");
        ObjectNode conflicting = fresh(LOAN_PAYMENT_SUBMITTED);
        post(conflicting.toString()).statusCode(200);
        ((ObjectNode) conflicting.get("entities").get(0)).put("amount", 2.00);
        ObjectNode alsoStored = fresh(CAR_SERVICE_DONE);

        postBulk("", List.of(stored, invalid, conflicting, alsoStored).toString()).statusCode(200)
                .body("atomic", equalTo(false)).body("accepted", equalTo(2)).body("rejected", equalTo(2))
                .body("results.index", equalTo(List.of(0, 1, 2, 3)))
                .body("results.status", equalTo(List.of(200, 422, 409, 200)))
                .body("results[0].eventId", equalTo(eventId(stored)))
                .body("results[1].problem.violations.pointer", hasItem("/entities/0/carId"))
                .body("results[2].problem.eventId", equalTo(eventId(conflicting)));
        assertThat(storedEvents(eventId(stored))).isEqualTo(1);
        assertThat(storedEvents(eventId(invalid))).isZero();
        assertThat(storedEvents(eventId(alsoStored))).isEqualTo(1);
    }

    @Test
    void atomicBulkStoresAllEvents() {
        ObjectNode first = fresh(CAR_CREATED);
        ObjectNode second = fresh(LOAN_CREATED);
        postBulk("?atomic=true", List.of(first, second).toString()).statusCode(200)
                .body("atomic", equalTo(true)).body("accepted", equalTo(2)).body("results.status", equalTo(List.of(200, 200)));
        assertThat(storedEvents(eventId(first)) + storedEvents(eventId(second))).isEqualTo(2);
    }

    @Test
    void atomicBulkWithAnInvalidEventStoresNothingAndPointsIntoTheArray() {
        ObjectNode valid = fresh(CAR_CREATED);
        ObjectNode invalid = fresh(LOAN_CREATED);
        ((ObjectNode) invalid.get("entities").get(0)).put("status", "unknown");
        postBulk("?atomic=true", List.of(valid, invalid).toString()).statusCode(422).contentType(PROBLEM_JSON)
                .body("violations.pointer", hasItem("/1/entities/0/status"));
        assertThat(storedEvents(eventId(valid))).isZero();
    }

    @Test
    void atomicBulkWithAConflictRollsBackEveryEvent() {
        ObjectNode conflicting = fresh(LOAN_PAYMENT_SUBMITTED);
        post(conflicting.toString()).statusCode(200);
        ((ObjectNode) conflicting.get("entities").get(0)).put("amount", 3.00);
        ObjectNode valid = fresh(CAR_CREATED);
        postBulk("?atomic=true", List.of(valid, conflicting).toString()).statusCode(409).body("eventId", equalTo(eventId(conflicting)));
        assertThat(storedEvents(eventId(valid))).isZero();
        assertThat(count("SELECT count(*) FROM car_entities WHERE id = ?", primaryEntityId(valid))).isZero();
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get(EVENTS + "/health").then().statusCode(200).body("status", equalTo("UP"));
        management().when().get("/q/health/live").then().statusCode(200);
        management().when().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem(containsString("Database")));
        post(fresh(CAR_CREATED).toString()).statusCode(200);
        management().when().get("/q/metrics").then().statusCode(200).body(containsString("producer_events_total"));
        management().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/events/bulk"));
        management().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/"})
    void managementEndpointsAreNotOnTheApiPort(String path) {
        given().when().get(path).then().statusCode(404);
    }
}
