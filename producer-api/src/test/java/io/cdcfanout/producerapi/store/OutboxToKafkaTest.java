package io.cdcfanout.producerapi.store;

import static io.cdcfanout.producerapi.Events.CAR_CREATED;
import static io.cdcfanout.producerapi.Events.eventId;
import static io.cdcfanout.producerapi.Events.fresh;
import static io.cdcfanout.producerapi.Events.primaryEntityId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.producerapi.OutboxStackResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * One event from {@code POST} to its message on {@code raw-business-events}, through real Kafka
 * Connect + Debezium running the connector file of the local stack (infra/connect/outbox-connector.json).
 * The topic is fixed by the data contract; this JVM's stack is fresh, so it holds only this test's messages.
 */
@QuarkusTest
@QuarkusTestResource(value = OutboxStackResource.class, restrictToAnnotatedClass = true)
class OutboxToKafkaTest {

    private static final String TOPIC = "raw-business-events";
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Numbers compare by value: jsonb keeps the value of 0.0 or 45000.00, not necessarily its spelling. */
    private static final Comparator<JsonNode> SAME_JSON = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void postedEventArrivesOnRawBusinessEventsWithKeyHeadersAndFullPayload() throws Exception {
        ObjectNode event = fresh(CAR_CREATED);
        ObjectNode car = (ObjectNode) event.get("entities").get(0);
        car.set("owner", EXACT.readTree("{\"id\":\"OWNER-1\",\"firstName\":\"Jane\",\"address\":{\"city\":\"Lyon\",\"country\":\"FR\"}}"));
        car.set("features", EXACT.readTree("[\"heated seats\",\"autopilot\"]"));
        car.set("loans", EXACT.readTree("[]"));
        given().contentType("application/json").body(event.toString()).when().post("/api/v1/events").then().statusCode(200);

        ConsumerRecord<String, String> message = recordOf(event);

        assertThat(message.key()).isEqualTo(primaryEntityId(event));
        Map<String, String> headers = new HashMap<>();
        for (Header header : message.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("eventId", eventId(event)).containsEntry("eventType", "CarCreated").containsKey("id");
        JsonNode value = EXACT.readTree(message.value());
        assertThat(value.equals(SAME_JSON, EXACT.readTree(event.toString())))
                .as("value %s equals the posted event %s", value, event).isTrue();
    }

    /**
     * The first hop of an event's trace: its record's {@code traceparent} header names the trace and the span of the
     * event's store in the producer, that span a child of the request's (so one trace from the POST on).
     */
    @Test
    void postedEventsRecordCarriesTraceparentOfItsStoreSpanInTheRequestsTrace() throws Exception {
        ObjectNode event = fresh(CAR_CREATED);
        given().contentType("application/json").body(event.toString()).when().post("/api/v1/events").then().statusCode(200);

        SpanData store = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(EventStore.SPAN_NAME))
                .filter(span -> eventId(event).equals(span.getAttributes().asMap().entrySet().stream()
                        .filter(entry -> entry.getKey().getKey().equals(EventStore.ATTRIBUTE_EVENT_ID))
                        .map(entry -> entry.getValue().toString()).findFirst().orElse(null)))
                .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(store.getKind()).isEqualTo(SpanKind.PRODUCER);
        SpanData request = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(store.getParentSpanId())).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo(store.getTraceId());

        ConsumerRecord<String, String> message = recordOf(event);
        Header traceparent = message.headers().lastHeader(RecordHeaders.TRACEPARENT);
        assertThat(traceparent).as("traceparent header").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                .isEqualTo("00-" + store.getTraceId() + "-" + store.getSpanId() + "-01");
    }

    /** The record of the event on the raw topic, as Connect wrote it. */
    private static ConsumerRecord<String, String> recordOf(ObjectNode event) {
        // Read here, not injected: an injected property would be required by every test app of this module.
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            ConsumerTask<String, String> task = kafka.consumeStrings()
                    .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                    .fromTopics(TOPIC);
            try {
                return await().atMost(Duration.ofSeconds(60))
                        .until(() -> find(task.getRecords(), eventId(event)), Optional::isPresent).orElseThrow();
            } finally {
                task.close();
            }
        }
    }

    private static Optional<ConsumerRecord<String, String>> find(List<ConsumerRecord<String, String>> records, String eventId) {
        return records.stream().filter(record -> {
            Header header = record.headers().lastHeader("eventId");
            return header != null && eventId.equals(new String(header.value(), StandardCharsets.UTF_8));
        }).findFirst();
    }
}
