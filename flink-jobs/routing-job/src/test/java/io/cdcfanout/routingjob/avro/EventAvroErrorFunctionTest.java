package io.cdcfanout.routingjob.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.sql.HeaderValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventAvroErrorFunctionTest {

    private static final Path SAMPLES = Path.of("../../contract/samples");
    private final EventAvroErrorFunction function = new EventAvroErrorFunction();

    @ParameterizedTest
    @ValueSource(strings = {"car-created-event.json", "car-service-done-event.json", "loan-created-event.json", "loan-payment-submitted-event.json"})
    void everyReferenceSampleFitsItsSchema(String sample) throws Exception {
        assertThat(function.eval(Files.readString(SAMPLES.resolve(sample)))).isNull();
    }

    @Test
    void aMissingRequiredFieldIsNamedByItsPath() throws Exception {
        String event = Files.readString(SAMPLES.resolve("car-created-event.json")).replace("\"vin\": \"5TDJKRFH4LS123456\",", "");
        assertThat(function.eval(event)).startsWith(EventAvroErrorFunction.PREFIX).contains("$.entities[0].vin");
    }

    @Test
    void anUnknownEventTypeAndNonJsonAreReasonsNotFailures() throws Exception {
        String unknownType = Files.readString(SAMPLES.resolve("car-created-event.json")).replace("\"eventType\": \"CarCreated\"", "\"eventType\": \"CarSold\"");
        assertThat(function.eval(unknownType)).startsWith(EventAvroErrorFunction.PREFIX).contains("CarSold");
        assertThat(function.eval("not json")).startsWith(EventAvroErrorFunction.PREFIX);
        assertThat(function.eval(null)).isEqualTo(EventAvroErrorFunction.PREFIX + "no value");
    }

    /** The reason becomes a dead letter's routingError header: at most 4096 UTF-8 bytes, however long the event's own text. */
    @Test
    void aReasonQuotingHugeEventTextIsBoundedToTheHeaderLimit() throws Exception {
        String hugeType = "Ü".repeat(200_000);
        String event = Files.readString(SAMPLES.resolve("car-created-event.json")).replace("\"eventType\": \"CarCreated\"", "\"eventType\": \"" + hugeType + "\"");
        String reason = function.eval(event);
        assertThat(reason).startsWith(EventAvroErrorFunction.PREFIX).endsWith(HeaderValue.MARKER);
        assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(HeaderValue.MAX_BYTES);
    }
}
