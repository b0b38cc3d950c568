package io.cdcfanout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.EntityHeader;
import io.cdcfanout.events.EntityType;
import io.cdcfanout.events.EventHeader;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.LoanCreated;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reader of the events' own schema against Avro's resolving reader it shortcuts: same events, same refusals. */
class OwnSchemaReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] TEXTS = {"", "a", "LOAN-2025-001", "Zoë Ångström", "日本語のテキスト", "emoji 😀🚗💸", "\u0000", "x".repeat(300)};
    private static final long[] MILLIS = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, -62_135_596_800_000L, 253_402_300_799_999L, 1_737_382_500_000L};
    private static final String[] AMOUNTS = {"0.00", "0.01", "-0.01", "1.28", "-1.29", "932.16", "9999999999999999.99", "-9999999999999999.99"};

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeOfTheAvdlIsReadByItsOwnSchemaPlan(EventType type) {
        Schema schema = Events.schema(type);

        assertThat(EventAvro.reader(new Schema.Parser().parse(schema.toString()), schema)).isInstanceOf(OwnSchemaReader.class);
    }

    @Test
    void aFieldOfATypeThePlanHasNoReaderForFailsWhenPlanned() throws IOException {
        ObjectNode withMap = (ObjectNode) MAPPER.readTree(LoanCreated.getClassSchema().toString());
        ((ArrayNode) withMap.at("/fields/1/type/items/fields")).addObject().put("name", "tags").putObject("type").put("type", "map").put("values", "string");

        assertThatThrownBy(() -> new OwnSchemaReader(new Schema.Parser().parse(withMap.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no reader for Avro type MAP");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void randomEventsAreReadAsAvrosResolvingReaderReadsThem(EventType type) throws IOException {
        Schema schema = Events.schema(type);
        Random random = new Random(type.ordinal());
        for (int i = 0; i < 400; i++) {
            Object datum = randomValue(schema, random);
            // Every other record in blocks that carry their byte size (negative counts), as a blocking encoder writes them.
            byte[] avro = encode(schema, datum, i % 2 == 0 ? new EncoderFactory().configureBlockSize(64) : EncoderFactory.get(), i % 2 == 0);

            SpecificRecord expected = EventAvro.read(EventAvro.resolvingReader(schema, schema), avro, 0, avro.length);
            SpecificRecord actual = EventAvro.read(new OwnSchemaReader(schema), avro, 0, avro.length);

            assertSameValue("$", expected, actual);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTruncationAndATrailingByteAreRefusedByBothReaders(EventType type) throws IOException {
        Schema schema = Events.schema(type);
        byte[] avro = encode(schema, randomValue(schema, new Random(42)), EncoderFactory.get(), false);
        for (int length = 0; length < avro.length; length++) {
            assertBothRefuse(schema, Arrays.copyOf(avro, length), "EOFException");
        }
        assertBothRefuse(schema, Arrays.copyOf(avro, avro.length + 1), "trailing bytes");
    }

    @Test
    void negativeLengthsAreRefusedAsAvroRefusesThem() throws IOException {
        assertBothRefuse(LoanCreated.getClassSchema(), bytes(out -> out.writeLong(-5)), "Length is negative: -5");
        assertBothRefuse(LoanCreated.getClassSchema(), loanUpToBalanceThen(out -> out.writeLong(-3)), "Length is negative: -3");
    }

    @Test
    void hugeLengthsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        Schema schema = LoanCreated.getClassSchema();
        // Not through Avro's reader: it allocates what a string's length says (a gigabyte here) before finding it truncated.
        assertOwnRefuses(schema, bytes(out -> out.writeLong(1L << 30)), "a string of 1073741824 bytes");
        assertOwnRefuses(schema, eventHeaderThen(out -> out.writeLong(Integer.MAX_VALUE - 8)), "EOFException");
        assertOwnRefuses(schema, loanUpToBalanceThen(out -> out.writeLong(Integer.MAX_VALUE - 8)), "a decimal of 2147483639 bytes");
        assertBothRefuse(schema, bytes(out -> out.writeLong(Long.MAX_VALUE)), "Cannot read strings longer than");
    }

    @Test
    void aDecimalOfNoBytesIsRefusedByBothReaders() throws IOException {
        assertBothRefuse(LoanCreated.getClassSchema(), loanUpToBalanceThen(out -> out.writeLong(0)), "Zero length BigInteger");
    }

    @Test
    void anInvalidUnionIndexIsRefusedByBothReaders() throws IOException {
        byte[] avro = loanUpToBalanceThen(out -> {
        });
        avro[avro.length - "First National Bank".length() - 2] = 14; // the union index before the institution's name: 7

        assertBothRefuse(LoanCreated.getClassSchema(), avro, "7");
        assertOwnRefuses(LoanCreated.getClassSchema(), avro, "union index 7 is not one of the 2 branches [string, io.cdcfanout.events.FinancialInstitution]");
    }

    @Test
    void anInvalidEnumIndexIsRefusedByBothReaders() throws IOException {
        byte[] avro = bytes(out -> {
            out.writeString("id");
            out.writeString("Loan Created");
            out.writeEnum(9);
        });

        assertBothRefuse(LoanCreated.getClassSchema(), avro, "9");
        assertOwnRefuses(LoanCreated.getClassSchema(), avro, "enum index 9 is not one of the 4 symbols of io.cdcfanout.events.EventType");
    }

    @Test
    void aNumberOfMoreThanTenBytesIsRefusedByBothReaders() {
        byte[] avro = new byte[16];
        Arrays.fill(avro, (byte) 0xFF);

        assertBothRefuse(LoanCreated.getClassSchema(), avro, "Invalid long encoding");
    }

    @Test
    void anOlderWriterSchemaWithoutAFieldIsResolvedByAvro() throws IOException {
        Schema own = LoanCreated.getClassSchema();
        ObjectNode older = (ObjectNode) MAPPER.readTree(own.toString());
        ArrayNode loanFields = (ArrayNode) older.at("/fields/1/type/items/fields");
        loanFields.remove(loanFields.size() - 1); // downPaymentDate
        LoanCreated event = sampleLoanCreated();
        event.getEntities().get(0).put("downPaymentDate", Instant.parse("2025-01-15T10:30:00Z"));

        LoanCreated read = readWrittenWith(new Schema.Parser().parse(older.toString()), event);

        assertThat(read.getEntities().get(0).getDownPaymentDate()).isNull();
        assertThat(read.getEntities().get(0).getBalance()).isEqualTo(new BigDecimal("45000.00"));
        assertThat(read.getEventHeader()).isEqualTo(event.getEventHeader());
    }

    @Test
    void aNewerWriterSchemaWithAnAddedFieldIsResolvedByAvro() throws IOException {
        Schema own = LoanCreated.getClassSchema();
        ObjectNode newer = (ObjectNode) MAPPER.readTree(own.toString());
        ((ArrayNode) newer.at("/fields/0/type/fields")).addObject().put("name", "traceId").put("type", "string").put("default", "none");
        LoanCreated event = sampleLoanCreated();

        LoanCreated read = readWrittenWith(new Schema.Parser().parse(newer.toString()), event);

        assertThat(read.getEventHeader()).isEqualTo(event.getEventHeader());
        assertThat(read.getEntities().get(0).getMonthlyPayment()).isEqualTo(new BigDecimal("932.16"));
    }

    /** {@code event} as a producer with {@code writer} would write it, read with the resolving reader {@link EventAvro#reader} gives. */
    private static LoanCreated readWrittenWith(Schema writer, LoanCreated event) throws IOException {
        byte[] own = EventAvro.write(event);
        GenericRecord asWriter = new GenericDatumReader<GenericRecord>(event.getSchema(), writer).read(null, DecoderFactory.get().binaryDecoder(own, null));
        byte[] avro = encode(writer, asWriter, EncoderFactory.get(), false);

        EventAvro.Reader reader = EventAvro.reader(writer, event.getSchema());

        assertThat(reader).isNotInstanceOf(OwnSchemaReader.class);
        return (LoanCreated) EventAvro.read(reader, avro, 0, avro.length);
    }

    private static LoanCreated sampleLoanCreated() throws IOException {
        byte[] json = OwnSchemaReaderTest.class.getResourceAsStream("/samples/loan-created-event.json").readAllBytes();
        return (LoanCreated) EventJson.read(json, 0, json.length);
    }

    private static void assertBothRefuse(Schema schema, byte[] avro, String messagePart) {
        assertThatThrownBy(() -> EventAvro.read(EventAvro.resolvingReader(schema, schema), avro, 0, avro.length))
                .isInstanceOf(EventFormatException.class).hasMessageContaining(messagePart);
        assertOwnRefuses(schema, avro, messagePart);
    }

    private static void assertOwnRefuses(Schema schema, byte[] avro, String messagePart) {
        assertThatThrownBy(() -> EventAvro.read(new OwnSchemaReader(schema), avro, 0, avro.length))
                .isInstanceOf(EventFormatException.class).hasMessageContaining(messagePart);
    }

    /** A LoanCreated's header, then what {@code rest} writes where its entities' count goes. */
    private static byte[] eventHeaderThen(EncoderStep rest) throws IOException {
        EventHeader header = new EventHeader("id", "Loan Created", EventType.LoanCreated, Instant.EPOCH, Instant.EPOCH);
        return concat(EventAvro.write(header), bytes(rest));
    }

    /** A LoanCreated up to its one loan's balance, then what {@code rest} writes where the balance's length goes. */
    private static byte[] loanUpToBalanceThen(EncoderStep rest) throws IOException {
        EntityHeader entityHeader = new EntityHeader("L1", EntityType.Loan, Instant.EPOCH, Instant.EPOCH);
        byte[] loanStart = bytes(out -> {
            out.writeString("L1");
            out.writeString("C1");
            out.writeIndex(0);
            out.writeString("First National Bank");
        });
        return concat(eventHeaderThen(out -> out.writeLong(1)), concat(EventAvro.write(entityHeader), concat(loanStart, bytes(rest))));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private interface EncoderStep {
        void write(Encoder out) throws IOException;
    }

    private static byte[] bytes(EncoderStep step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        step.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] encode(Schema schema, Object datum, EncoderFactory factory, boolean blocking) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = blocking ? factory.blockingBinaryEncoder(out, null) : factory.directBinaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * A value of {@code schema} in Avro's generic representation (timestamps as {@code long}s, decimals as bytes), often
     * at the edges: empty and non-ASCII strings, extreme dates and amounts, empty and long arrays, every union branch.
     */
    private static Object randomValue(Schema schema, Random random) {
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            if (random.nextInt(4) == 0) {
                byte[] unscaled = new byte[1 + random.nextInt(12)]; // any length is valid Avro, beyond the 8 bytes of decimal(18, 2) too
                random.nextBytes(unscaled);
                return ByteBuffer.wrap(unscaled);
            }
            BigDecimal amount = random.nextBoolean() ? new BigDecimal(AMOUNTS[random.nextInt(AMOUNTS.length)])
                    : new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000_000_000L), 2);
            return new Conversions.DecimalConversion().toBytes(amount, schema, decimal);
        }
        return switch (schema.getType()) {
            case NULL -> null;
            case BOOLEAN -> random.nextBoolean();
            case INT -> random.nextBoolean() ? random.nextInt() : new int[] {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE}[random.nextInt(5)];
            case LONG -> random.nextBoolean() ? random.nextLong() : MILLIS[random.nextInt(MILLIS.length)];
            case DOUBLE -> random.nextBoolean() ? random.nextDouble() * 1e6
                    : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE}[random.nextInt(6)];
            case STRING -> random.nextInt(3) == 0 ? randomCodePoints(random) : TEXTS[random.nextInt(TEXTS.length)];
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                int size = switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> 40 + random.nextInt(40);
                    default -> 1 + random.nextInt(3);
                };
                List<Object> items = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    items.add(randomValue(schema.getElementType(), random));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case UNION -> randomValue(schema.getTypes().get(random.nextInt(schema.getTypes().size())), random);
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(field -> record.put(field.pos(), randomValue(field.schema(), random)));
                yield record;
            }
            default -> throw new IllegalArgumentException("the events have no " + schema.getType());
        };
    }

    private static String randomCodePoints(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            int codePoint;
            do {
                codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
            } while (Character.isSurrogate((char) codePoint) && codePoint <= Character.MAX_VALUE);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** Field by field, with the classes of records, lists and values: equals alone would not tell a Utf8 from a String. */
    private static void assertSameValue(String path, Object expected, Object actual) {
        if (expected == null) {
            assertThat(actual).as(path).isNull();
            return;
        }
        assertThat(actual).as(path).isNotNull();
        assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
        if (expected instanceof IndexedRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                assertSameValue(path + "." + field.name(), record.get(field.pos()), ((IndexedRecord) actual).get(field.pos()));
            }
        } else if (expected instanceof List<?> list) {
            assertThat((List<?>) actual).as(path).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSameValue(path + "[" + i + "]", list.get(i), ((List<?>) actual).get(i));
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
