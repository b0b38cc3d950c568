package io.cdcfanout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.LoanStatus;
import io.cdcfanout.events.ServiceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Arguments> samplesAndTheirTypes() {
        return Stream.of(
                Arguments.of("car-created-event.json", "CarCreated"),
                Arguments.of("loan-created-event.json", "LoanCreated"),
                Arguments.of("loan-payment-submitted-event.json", "LoanPaymentSubmitted"),
                Arguments.of("car-service-done-event.json", "CarServiceDone"));
    }

    @ParameterizedTest
    @MethodSource("samplesAndTheirTypes")
    void contractSamplesDecodeToTheirTypedEventAndWriteBackTheSameFields(String sample, String type) throws IOException {
        JsonNode json = sample(sample);

        SpecificRecord event = EventJson.read(json, null);

        assertThat(event.getSchema().getName()).isEqualTo(type);
        assertThat(Events.header(event).getEventType()).isEqualTo(EventType.valueOf(type));
        ObjectNode written = EventJson.toTree(event);
        assertThat(EventJson.read(written, null)).isEqualTo(event);
        assertThat(fieldNames(written.get("entities").get(0))).isEqualTo(fieldNames(json.get("entities").get(0)));
        assertThat(written.get("eventHeader")).isEqualTo(json.get("eventHeader"));
    }

    @ParameterizedTest
    @MethodSource("samplesAndTheirTypes")
    void bytesOfAKnownTypeReadInOnePassGiveTheEventOfItsTree(String sample, String type) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(sample(sample));

        SpecificRecord event = EventJson.read(json, 0, json.length, EventType.valueOf(type));

        assertThat(event).isEqualTo(EventJson.read(sample(sample), null));
    }

    @Test
    void bytesOfAKnownTypeFailNamingPathValueAndExpectation() throws IOException {
        ObjectNode json = (ObjectNode) sample("car-service-done-event.json");
        ObjectNode service = (ObjectNode) json.get("entities").get(0);
        service.put("someFutureField", "x").remove("dealerId");
        assertThatThrownBy(() -> readBytes(json, EventType.CarServiceDone))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("$.entities[0].dealerId is required but missing");
        service.put("dealerId", "D-1").put("mileageAtService", 1.5);
        assertThatThrownBy(() -> readBytes(json, EventType.CarServiceDone))
                .hasMessage("$.entities[0].mileageAtService is the number 1.5, expected an integer");
        service.put("mileageAtService", 1).putObject("entityHeader").put("entityType", "Boat");
        assertThatThrownBy(() -> readBytes(json, EventType.CarServiceDone))
                .hasMessage("$.entities[0].entityHeader.entityType is 'Boat', expected one of [ServiceRecord, ServiceDetails, PartUsed]");
        assertThatThrownBy(() -> readBytes(MAPPER.createArrayNode(), EventType.CarServiceDone))
                .hasMessage("$ is an array, expected an event object");
        byte[] broken = "{\"eventHeader\":".getBytes();
        assertThatThrownBy(() -> EventJson.read(broken, 0, broken.length, EventType.CarCreated))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("not valid JSON: ");
    }

    @Test
    void loanSampleHasTypedValues() throws IOException {
        LoanCreated event = (LoanCreated) EventJson.read(sample("loan-created-event.json"), null);

        Loan loan = event.getEntities().get(0);
        assertThat(loan.getLoanAmount()).isEqualTo(new BigDecimal("50000.00"));
        assertThat(loan.getStatus()).isEqualTo(LoanStatus.active);
        assertThat(loan.getStartDate()).isEqualTo(Instant.parse("2025-01-20T14:15:00Z"));
        assertThat(loan.getFinancialInstitution()).isEqualTo("First National Bank");
        assertThat(loan.getDownPayment()).as("optional field absent in the sample").isNull();
        assertThat(Events.primaryEntityId(event)).isEqualTo("LOAN-2025-001");
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOptionalFieldsDefaulted() throws IOException {
        ObjectNode json = (ObjectNode) sample("car-created-event.json");
        ObjectNode car = (ObjectNode) json.get("entities").get(0);
        car.put("someFutureField", "x");
        car.putObject("insurance").put("provider", "ACME");
        car.putArray("features").add("autopilot");

        CarCreated event = (CarCreated) EventJson.read(json, null);

        assertThat(event.getEntities().get(0).getFeatures()).containsExactly("autopilot");
        car.remove("features");
        assertThat(((CarCreated) EventJson.read(json, null)).getEntities().get(0).getFeatures()).isNull();
    }

    @Test
    void serviceEntitiesAreToldApartByEntityType() throws IOException {
        CarServiceDone event = (CarServiceDone) EventJson.read(sample("car-service-done-event.json"), null);

        assertThat(event.getEntities()).singleElement().isInstanceOf(ServiceRecord.class);
    }

    @Test
    void missingRequiredFieldFailsNamingItsPath() throws IOException {
        ObjectNode json = (ObjectNode) sample("car-created-event.json");
        ((ObjectNode) json.get("entities").get(0)).remove("vin");

        assertThatThrownBy(() -> EventJson.read(json, null))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("$.entities[0].vin is required but missing");
    }

    @Test
    void wrongValuesFailNamingPathValueAndExpectation() throws IOException {
        ObjectNode json = (ObjectNode) sample("loan-created-event.json");
        ObjectNode loan = (ObjectNode) json.get("entities").get(0);

        loan.put("termMonths", "sixty");
        assertThatThrownBy(() -> EventJson.read(json, null))
                .hasMessage("$.entities[0].termMonths is the string \"sixty\", expected an integer");
        loan.put("termMonths", 60).put("status", "frozen");
        assertThatThrownBy(() -> EventJson.read(json, null))
                .hasMessage("$.entities[0].status is 'frozen', expected one of [active, paid_off, defaulted, cancelled]");
        loan.put("status", "active").put("balance", new BigDecimal("10.005"));
        assertThatThrownBy(() -> EventJson.read(json, null))
                .hasMessage("$.entities[0].balance is 10.005, more than 2 decimals");
        loan.put("balance", 10).put("startDate", "yesterday");
        assertThatThrownBy(() -> EventJson.read(json, null))
                .hasMessageStartingWith("$.entities[0].startDate is 'yesterday', not an ISO-8601 date-time");
    }

    @ParameterizedTest
    @CsvSource({
        "2025-01-20T14:15:00Z, 2025-01-20T14:15:00Z",
        "2025-01-20T14:15:00.123Z, 2025-01-20T14:15:00.123Z",
        "2025-01-20T16:15:00+02:00, 2025-01-20T14:15:00Z",
        "2025-01-20T14:15:00.5-00:00, 2025-01-20T14:15:00.500Z"})
    void dateTimesInUtcOrWithOffsetAreReadAsInstants(String written, String instant) throws IOException {
        ObjectNode json = (ObjectNode) sample("loan-created-event.json");
        ((ObjectNode) json.get("entities").get(0)).put("startDate", written);

        LoanCreated event = (LoanCreated) EventJson.read(json, null);

        assertThat(event.getEntities().get(0).getStartDate()).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @CsvSource({"2025-02-30T10:00:00Z", "2025-01-20 14:15:00Z", "2025-01-20T14:15:00", "2025-1-20T14:15:00Z"})
    void invalidDateTimesFailNamingThePath(String written) throws IOException {
        ObjectNode json = (ObjectNode) sample("loan-created-event.json");
        ((ObjectNode) json.get("entities").get(0)).put("startDate", written);

        assertThatThrownBy(() -> EventJson.read(json, null))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("$.entities[0].startDate is '" + written + "', not an ISO-8601 date-time");
    }

    @Test
    void unknownEventTypeAndBrokenJsonFailPrecisely() {
        byte[] unknownType = "{\"eventHeader\":{\"eventType\":\"CarSold\"},\"entities\":[]}".getBytes();
        assertThatThrownBy(() -> EventJson.read(unknownType, 0, unknownType.length))
                .hasMessage("$.eventHeader.eventType 'CarSold' is not one of [CarCreated, LoanCreated, LoanPaymentSubmitted, CarServiceDone]");
        byte[] broken = "{\"eventHeader\":".getBytes();
        assertThatThrownBy(() -> EventJson.read(broken, 0, broken.length))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("not valid JSON: ");
    }

    @Test
    void typeGivenByTheCallerIsUsed() throws IOException {
        SpecificRecord event = EventJson.read(sample("loan-payment-submitted-event.json"), EventType.LoanPaymentSubmitted);

        assertThat(event).isInstanceOf(LoanPaymentSubmitted.class);
    }

    private static SpecificRecord readBytes(JsonNode json, EventType type) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        return EventJson.read(bytes, 0, bytes.length, type);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode sample(String name) throws IOException {
        try (InputStream in = EventJsonTest.class.getResourceAsStream("/samples/" + name)) {
            return MAPPER.readTree(in);
        }
    }
}
