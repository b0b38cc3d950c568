package io.cdcfanout.producerapi.store;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.LOAN_CREATED;
import static io.cdcfanout.producerapi.Events.count;
import static io.cdcfanout.producerapi.Events.eventId;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Events.primaryEntityId;
import static io.cdcfanout.producerapi.Events.storedEvents;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.producerapi.DatabaseProxy;
import io.cdcfanout.producerapi.ProxiedStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database fails under the running app (through {@link DatabaseProxy}): a connection lost during
 * COMMIT is answered 503 "retry with the same event id", and that retry is idempotent; an outage is
 * 503 with Retry-After, and the app serves again when the database is back.
 */
@QuarkusTest
@QuarkusTestResource(value = ProxiedStackResource.class, restrictToAnnotatedClass = true)
class DatabaseFailureTest {

    private static final String EVENTS = "/api/v1/events";

    DatabaseProxy proxy;

    private static ValidatableResponse post(String path, String body) {
        return given().contentType("application/json").body(body).when().post(path).then().log().ifValidationFails();
    }

    @BeforeEach
    void appTalksThroughTheProxy() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)).contains(":" + proxy.port() + "/");
    }

    @Test
    void connectionLostDuringCommitIs503AskingForARetryWithTheSameIdAndTheRetryIsADuplicate() {
        ObjectNode event = fresh(CAR_CREATED);
        proxy.loseConnectionAtNextCommit();
        post(EVENTS, event.toString()).statusCode(503).header("Retry-After", "5").contentType("application/problem+json")
                .body("type", endsWith("/commit-outcome-unknown")).body("eventId", equalTo(eventId(event)))
                .body("detail", containsString("retry with the same event id"));
        assertThat(proxy.commitConnectionLost()).isTrue();
        // The server received the COMMIT: the event is stored although the app could not know.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(storedEvents(eventId(event))).isEqualTo(1));

        post(EVENTS, event.toString()).statusCode(200).body("result", equalTo("duplicate"));
        assertThat(storedEvents(eventId(event))).isEqualTo(1);
    }

    @Test
    void generatedEventIdIsNamedInTheAnswerSoItsRetryIsIdempotentToo() {
        ObjectNode event = fresh(CAR_CREATED);
        ((ObjectNode) event.get("eventHeader")).remove("uuid");
        proxy.loseConnectionAtNextCommit();
        String generated = post(EVENTS, event.toString()).statusCode(503).body("type", endsWith("/commit-outcome-unknown"))
                .extract().path("eventId");

        ((ObjectNode) event.get("eventHeader")).put("uuid", generated);
        post(EVENTS, event.toString()).statusCode(200).body("eventId", equalTo(generated)).body("result", equalTo("duplicate"));
        assertThat(count("SELECT count(*) FROM business_event WHERE primary_entity_id = ?", primaryEntityId(event))).isEqualTo(1);
    }

    @Test
    void atomicBulkWhoseCommitIsLostNamesEveryEventAndIsRetriedAsDuplicates() {
        List<ObjectNode> events = List.of(fresh(CAR_CREATED), fresh(LOAN_CREATED));
        proxy.loseConnectionAtNextCommit();
        post(EVENTS + "/bulk?atomic=true", events.toString()).statusCode(503).header("Retry-After", "5")
                .body("eventIds", equalTo(List.of(eventId(events.get(0)), eventId(events.get(1)))));

        post(EVENTS + "/bulk?atomic=true", events.toString()).statusCode(200).body("results.result", equalTo(List.of("duplicate", "duplicate")));
    }

    @Test
    void databaseOutageIs503WithRetryAfterAndTheAppServesAgainWhenItIsBack() throws Exception {
        proxy.stop();
        try {
            post(EVENTS, fresh(CAR_CREATED).toString()).statusCode(503).header("Retry-After", "5")
                    .body("type", endsWith("/database-unavailable"));
            post(EVENTS + "/bulk?atomic=true", List.of(fresh(CAR_CREATED)).toString()).statusCode(503).header("Retry-After", "5");
        } finally {
            proxy.start();
        }
        ObjectNode event = fresh(CAR_CREATED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> post(EVENTS, event.toString()).statusCode(200));
        assertThat(storedEvents(eventId(event))).isEqualTo(1);
    }
}
