package io.cdcfanout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.LoanCreated;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader's fast paths (UTC dates, compact decimals, fields in schema order) against the general ones they shortcut. */
class EventJsonReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "2025-01-20T14:15:00Z", "2025-01-20T14:15:00.1Z", "2025-01-20T14:15:00.123Z", "2025-01-20T14:15:00.123456789Z",
        "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void utcDatesOfTheUsualShapeAreReadByTheFastPathAsTheJdkReadsThem(String text) {
        assertThat(parseUtcInside(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2025-02-29T10:00:00Z", "2025-04-31T10:00:00Z", "2025-13-01T10:00:00Z", "2025-00-10T10:00:00Z", "2025-01-00T10:00:00Z",
        "2025-06-30T23:59:60Z", "2025-01-20T24:00:00Z", "2025-01-20T14:60:00Z", "2025-01-20T14:15:00.1234567890Z",
        "2025-01-20T14:15:00.Z", "2025-01-20T14:15:00,5Z", "2025-01-20t14:15:00Z", "2025-01-20T14:15:00z", "2025-01-20T14:15Z",
        "+2025-01-20T14:15:00Z", "2025-01-20T14:15:00+02:00", "2025-01-20T14:15:00.5-00:00", "2025-01-2OT14:15:00Z",
        "2025-1-20T14:15:00Z", "2025-01-20 14:15:00Z"})
    void anyOtherTextIsLeftToTheJdkParser(String text) {
        assertThat(parseUtcInside(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2025-01-20T14:15:00Z", "2025-01-20T14:15:00.123456789Z", "2024-02-29T23:59:59Z", "2025-02-29T10:00:00Z",
        "2025-06-30T23:59:60Z", "2025-01-20T24:00:00Z", "2025-01-20T14:15:00.1234567890Z", "2025-01-20T14:15:00.Z",
        "2025-01-20T16:15:00+02:00", "2025-01-20T14:15:00.5-00:00", "2025-01-20T14:15:00", "2025-01-20T14:15:00z"})
    void eventsAcceptExactlyTheDatesTheJdkAccepts(String text) throws IOException {
        Instant jdk;
        try {
            jdk = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            jdk = null;
        }
        ObjectNode json = loanWith("startDate", text);

        if (jdk != null) {
            assertThat(readBytes(json).getEntities().get(0).getStartDate()).isEqualTo(jdk);
        } else {
            assertThatThrownBy(() -> readBytes(json))
                    .isInstanceOf(EventFormatException.class)
                    .hasMessage("$.entities[0].startDate is '" + text + "', not an ISO-8601 date-time with offset (e.g. 2025-01-15T10:30:00Z)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "45000.00", "932.16", "-932.16", "0.045", "10.5", "123456789012345678", "-12345678901234567.8"})
    void compactDecimalsHaveTheValueAndScaleOfBigDecimalsOfTheirText(String text) {
        assertThat(parseCompactInside(text)).isEqualTo(new BigDecimal(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789", "1e3", "1.5E-2", "-", ".", "1.2.3", "12a"})
    void numbersTooLongOrNotPlainAreLeftToJackson(String text) {
        assertThat(parseCompactInside(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "45000.00 | 45000.00", "45000 | 45000.00", "-0.5 | -0.50", "1e3 | 1000.00", "1.5E+2 | 150.00", "12.3000 | 12.30", "9999999999999999.99 | 9999999999999999.99"})
    void amountsAreReadWithTheirTwoDecimals(String written, String amount) throws IOException {
        ObjectNode json = loanWith("balance", 0);
        byte[] bytes = MAPPER.writeValueAsString(json).replace("\"balance\":0", "\"balance\":" + written).getBytes();

        LoanCreated event = (LoanCreated) EventJson.read(bytes, 0, bytes.length, EventType.LoanCreated);

        assertThat(event.getEntities().get(0).getBalance()).isEqualTo(new BigDecimal(amount));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12345678901234567890.12 | $.entities[0].balance is 12345678901234567890.12, more than 18 digits",
        "99999999999999999.99 | $.entities[0].balance is 99999999999999999.99, more than 18 digits",
        "1.005 | $.entities[0].balance is 1.005, more than 2 decimals",
        "1e400 | $.entities[0].balance is 1E+400, more than 18 digits",
        "1e100000000 | $.entities[0].balance is 1E+100000000, more than 18 digits",
        "1e-100000000 | $.entities[0].balance is 1E-100000000, more than 2 decimals",
        "0.0000000000000000000000000000000000000000001 | $.entities[0].balance is 1E-43, more than 2 decimals"})
    void hugeOrTooPreciseAmountsFailNamingThePath(String written, String message) throws IOException {
        ObjectNode json = loanWith("balance", 0);
        byte[] bytes = MAPPER.writeValueAsString(json).replace("\"balance\":0", "\"balance\":" + written).getBytes();

        assertThatThrownBy(() -> EventJson.read(bytes, 0, bytes.length, EventType.LoanCreated))
                .isInstanceOf(EventFormatException.class)
                .hasMessage(message);
    }

    @Test
    void fieldsInAnyOrderGiveTheSameEvent() throws IOException {
        ObjectNode json = (ObjectNode) EventJsonTest.sample("loan-created-event.json");
        ObjectNode reversed = reversed(json);

        assertThat(readBytes(reversed)).isEqualTo(readBytes(json));
    }

    @Test
    void enumSymbolsAreTheGeneratedEnumsAndUnknownOnesFail() throws IOException {
        assertThat(readBytes(loanWith("status", "paid_off")).getEntities().get(0).getStatus().name()).isEqualTo("paid_off");
        assertThatThrownBy(() -> readBytes(loanWith("status", "PAID_OFF")))
                .hasMessage("$.entities[0].status is 'PAID_OFF', expected one of [active, paid_off, defaulted, cancelled]");
    }

    private static Instant parseUtcInside(String text) {
        char[] padded = ("\"x" + text + "y\"").toCharArray();
        return EventJsonReader.parseUtc(padded, 2, text.length());
    }

    private static BigDecimal parseCompactInside(String text) {
        char[] padded = ("[" + text + "]").toCharArray();
        return EventJsonReader.parseCompactDecimal(padded, 1, text.length());
    }

    private static ObjectNode loanWith(String field, Object value) throws IOException {
        ObjectNode json = (ObjectNode) EventJsonTest.sample("loan-created-event.json");
        ObjectNode loan = (ObjectNode) json.get("entities").get(0);
        loan.set(field, MAPPER.valueToTree(value));
        return json;
    }

    /** The same object with the fields of every object in reverse order. */
    private static ObjectNode reversed(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        Collections.reverse(fields);
        ObjectNode copy = MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : fields) {
            JsonNode value = field.getValue();
            if (value instanceof ObjectNode object) {
                value = reversed(object);
            } else if (value.isArray()) {
                var items = MAPPER.createArrayNode();
                value.forEach(item -> items.add(item instanceof ObjectNode object ? reversed(object) : item));
                value = items;
            }
            copy.set(field.getKey(), value);
        }
        return copy;
    }

    private static LoanCreated readBytes(JsonNode json) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        return (LoanCreated) EventJson.read(bytes, 0, bytes.length, EventType.LoanCreated);
    }
}
