package io.cdcfanout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.events.LoanCreated;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactDecimalConversionTest {

    // Wider than the events' decimal(18, 2), to cover the 8-byte boundary and what lies beyond.
    private static final LogicalTypes.Decimal MONEY = LogicalTypes.decimal(30, 2);
    private static final Schema BYTES = MONEY.addToSchema(Schema.create(Schema.Type.BYTES));

    @ParameterizedTest
    @ValueSource(strings = {"0.00", "0.01", "-0.01", "1.27", "1.28", "-1.28", "-1.29", "932.16", "-45000.00",
        "9999999999999999.99", "-9999999999999999.99", "92233720368547758.07", "-92233720368547758.08", "12345678901234567890.12"})
    void readsWhatAvroWritesAsAvroReadsIt(String amount) {
        ByteBuffer written = new Conversions.DecimalConversion().toBytes(new BigDecimal(amount), BYTES, MONEY);

        BigDecimal read = new CompactDecimalConversion().fromBytes(written.duplicate(), BYTES, MONEY);

        assertThat(read).isEqualTo(new Conversions.DecimalConversion().fromBytes(written.duplicate(), BYTES, MONEY))
                .isEqualTo(new BigDecimal(amount));
    }

    @Test
    void eventsReadFromAvroKeepTheirAmounts() throws IOException {
        byte[] json = EventJsonTest.class.getResourceAsStream("/samples/loan-created-event.json").readAllBytes();
        LoanCreated event = (LoanCreated) EventJson.read(json, 0, json.length);
        event.getEntities().get(0).put("balance", new BigDecimal("-9999999999999999.99"));
        byte[] avro = EventAvro.write(event);

        LoanCreated read = (LoanCreated) EventAvro.read(EventAvro.reader(event.getSchema(), event.getSchema()), avro, 0, avro.length);

        assertThat(read).isEqualTo(event);
        assertThat(read.getEntities().get(0).getMonthlyPayment()).isEqualTo(new BigDecimal("932.16"));
    }

    @Test
    void optionalAmountsAndDatesSurviveAvroWriteAndRead() throws IOException {
        byte[] json = EventJsonTest.class.getResourceAsStream("/samples/loan-created-event.json").readAllBytes();
        LoanCreated event = (LoanCreated) EventJson.read(json, 0, json.length);
        event.getEntities().get(0).put("downPayment", new BigDecimal("5000.00"));
        event.getEntities().get(0).put("downPaymentDate", Instant.parse("2025-01-15T10:30:00Z"));
        byte[] avro = EventAvro.write(event);

        LoanCreated read = (LoanCreated) EventAvro.read(EventAvro.reader(event.getSchema(), event.getSchema()), avro, 0, avro.length);

        // Not read.equals(event): the generated equals compares unions with the class's own model, which lacks the
        // decimal conversion, and throws "Unknown datum type java.math.BigDecimal" (Avro's compiler, not our codecs).
        assertThat(read.getEntities().get(0).getDownPayment()).isEqualTo(new BigDecimal("5000.00"));
        assertThat(read.getEntities().get(0).getDownPaymentDate()).isEqualTo(Instant.parse("2025-01-15T10:30:00Z"));
        assertThat(read.toString()).isEqualTo(event.toString());
    }
}
