package io.cdcfanout.loaddriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.loaddriver.EventFactory.Event;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventFactoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:15:30.123456Z"), ZoneOffset.UTC);
    private final EventFactory events = new EventFactory("run-1", CLOCK);

    @Test
    void eachKindGetsRunPrefixedIdsAndLinksToTheEntitiesOfTheSameNumber() {
        assertThat(entity(events.create(EventKind.CAR_CREATED, 7)).get("id").asText()).isEqualTo("run-1-CAR-7");
        JsonNode loan = entity(events.create(EventKind.LOAN_CREATED, 7));
        assertThat(loan.get("id").asText()).isEqualTo("run-1-LOAN-7");
        assertThat(loan.get("carId").asText()).isEqualTo("run-1-CAR-7");
        JsonNode payment = entity(events.create(EventKind.LOAN_PAYMENT_SUBMITTED, 7));
        assertThat(payment.get("id").asText()).isEqualTo("run-1-PAYMENT-7");
        assertThat(payment.get("loanId").asText()).isEqualTo("run-1-LOAN-7");
        JsonNode service = entity(events.create(EventKind.CAR_SERVICE_DONE, 7));
        assertThat(service.get("id").asText()).isEqualTo("run-1-SERVICE-7");
        assertThat(service.get("carId").asText()).isEqualTo("run-1-CAR-7");
        assertThat(service.get("entityHeader").get("entityId").asText()).isEqualTo("run-1-SERVICE-7");
    }

    @Test
    void headerGetsItsTypeAFreshUuidAndTheCurrentTimeInMilliseconds() {
        Event first = events.create(EventKind.LOAN_CREATED, 1);
        Event second = events.create(EventKind.LOAN_CREATED, 1);

        JsonNode header = json(first).get("eventHeader");
        assertThat(header.get("eventType").asText()).isEqualTo("LoanCreated");
        assertThat(header.get("uuid").asText()).isEqualTo(first.eventId()).isNotEqualTo(second.eventId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(header.get("createdDate").asText()).isEqualTo("2026-11-25T10:15:30.123Z");
        assertThat(header.get("savedDate").asText()).isEqualTo("2026-11-25T10:15:30.123Z");
        assertThat(entity(first).get("entityHeader").get("createdAt").asText()).isEqualTo("2026-11-25T10:15:30.123Z");
        assertThat(entity(first).get("entityHeader").get("updatedAt").asText()).isEqualTo("2026-11-25T10:15:30.123Z");
    }

    @Test
    void everyFourthLoanIsLargeAndEveryEvenServiceIsAtTheRoutedDealer() {
        assertThat(entity(events.create(EventKind.LOAN_CREATED, 4)).get("loanAmount").decimalValue()).isEqualByComparingTo(new BigDecimal("150000.00"));
        assertThat(entity(events.create(EventKind.LOAN_CREATED, 5)).get("loanAmount").decimalValue()).isEqualByComparingTo(new BigDecimal("50000.00"));
        assertThat(entity(events.create(EventKind.CAR_SERVICE_DONE, 2)).get("dealerId").asText()).isEqualTo("DEALER-001");
        assertThat(entity(events.create(EventKind.CAR_SERVICE_DONE, 3)).get("dealerId").asText()).isEqualTo("DEALER-002");
    }

    @Test
    void templatesAreNotChangedByTheEventsMadeFromThem() {
        events.create(EventKind.CAR_CREATED, 1);

        assertThat(entity(new EventFactory("other", CLOCK).create(EventKind.CAR_CREATED, 1)).get("id").asText()).isEqualTo("other-CAR-1");
    }

    @Test
    void generatedRunIdsFollowTheDocumentedShapeAndDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(EventFactory.newRunId(CLOCK));
        }

        assertThat(ids).hasSizeGreaterThan(15).allMatch(id -> id.matches("run-20261125101530-[a-z0-9]{4}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "quote'd", "-leading-dash", "semi;colon"})
    void runIdWithUnsafeCharactersIsRejected(String runId) {
        assertThatThrownBy(() -> new EventFactory(runId, CLOCK)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run id must match");
    }

    @Test
    void eventNumbersStartAtOne() {
        assertThatThrownBy(() -> events.create(EventKind.CAR_CREATED, 0)).hasMessage("events are numbered from 1, got 0");
    }

    @Test
    void anEventIsItsTemplateWithOnlyTheFilledInValuesChanged() throws Exception {
        JsonNode template = JSON.readTree(EventFactory.class.getResourceAsStream("/events/car-service-done-event.json"));
        JsonNode event = json(events.create(EventKind.CAR_SERVICE_DONE, 2));

        for (String field : new String[] {"uuid", "createdDate", "savedDate"}) {
            ((ObjectNode) template.get("eventHeader")).set(field, event.get("eventHeader").get(field));
        }
        ObjectNode entity = (ObjectNode) template.get("entities").get(0);
        for (String field : new String[] {"id", "carId", "dealerId"}) {
            entity.set(field, entity(event).get(field));
        }
        for (String field : new String[] {"entityId", "createdAt", "updatedAt"}) {
            ((ObjectNode) entity.get("entityHeader")).set(field, entity(event).get("entityHeader").get(field));
        }
        assertThat(event).isEqualTo(template);
    }

    private static JsonNode json(Event event) {
        try {
            return JSON.readTree(event.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode entity(Event event) {
        return entity(json(event));
    }

    private static JsonNode entity(JsonNode event) {
        return event.get("entities").get(0);
    }
}
