package io.cdcfanout.events.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcfanout.events.EventType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one event from Jackson's token stream straight into its typed record, guided by the record's Avro schema,
 * with the rules {@link EventJson} documents. Streaming saves building a Jackson tree and then walking it a second
 * time, and path strings are built only for a refused value ({@link JsonPath}): this is the consumers' hot path.
 * Only a union of several record types (a service's entities) is read as a small tree first, since the branch is
 * told by a field ({@code entityHeader.entityType}) that may come after the others.
 *
 * <p>Every {@code read…} method starts on the value's first token and returns on its last one. One instance per
 * event, not thread-safe.
 */
final class EventJsonReader {

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};
    /** Plans by reader schema; the schemas are the generated classes' own, so lookups hit on identity. */
    private static final Map<Schema, RecordPlan> RECORD_PLANS = new ConcurrentHashMap<>();
    private static final Map<Schema, Map<String, Object>> ENUM_SYMBOLS = new ConcurrentHashMap<>();

    private final JsonPath path = new JsonPath();
    private JsonParser parser;

    private EventJsonReader(JsonParser parser) {
        this.parser = parser;
    }

    /**
     * Reads the event of type {@code type} from {@code parser}, which must not have been advanced yet.
     *
     * @param type {@code null} only if the value is not an object, which is refused before its type matters
     * @throws EventFormatException when the document is not a valid event of that type
     * @throws IOException when the bytes are not JSON
     */
    static SpecificRecord read(JsonParser parser, EventType type) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new EventFormatException("empty record: no JSON value");
        }
        EventJsonReader reader = new EventJsonReader(parser);
        if (first != JsonToken.START_OBJECT) {
            throw new EventFormatException("$ is " + reader.kind() + ", expected an event object");
        }
        return (SpecificRecord) reader.readRecord(Events.schema(type));
    }

    private Object readValue(Schema schema) throws IOException {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return readInstant();
        }
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return readDecimal(decimal);
        }
        JsonToken token = parser.currentToken();
        return switch (schema.getType()) {
            case RECORD -> readRecord(schema);
            case UNION -> readUnion(schema);
            case ARRAY -> readArray(schema);
            case ENUM -> readEnum(schema);
            case STRING -> {
                expect(token == JsonToken.VALUE_STRING, "a string");
                yield parser.getText();
            }
            case INT -> {
                expect(token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT, "an integer");
                yield parser.getIntValue();
            }
            case LONG -> {
                expect(token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER, "an integer");
                yield parser.getLongValue();
            }
            case DOUBLE -> {
                expect(token.isNumeric(), "a number");
                yield parser.getDoubleValue();
            }
            case FLOAT -> {
                expect(token.isNumeric(), "a number");
                yield parser.getFloatValue();
            }
            case BOOLEAN -> {
                expect(token.isBoolean(), "true or false");
                yield parser.getBooleanValue();
            }
            case NULL -> {
                expect(token == JsonToken.VALUE_NULL, "null");
                yield null;
            }
            default -> throw new IllegalStateException("schema type " + schema.getType() + " is not used by events (" + path + ")");
        };
    }

    private IndexedRecord readRecord(Schema schema) throws IOException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, "an object");
        RecordPlan plan = RecordPlan.of(schema);
        IndexedRecord record = plan.newRecord();
        Schema.Field[] fields = plan.fields;
        boolean[] present = new boolean[fields.length];
        int next = 0;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            int pos = plan.indexOf(name, next);
            JsonToken token = parser.nextToken();
            if (pos < 0) {
                parser.skipChildren();
                continue;
            }
            Schema.Field field = fields[pos];
            path.enterField(field.name());
            if (token == JsonToken.VALUE_NULL) {
                record.put(pos, defaultOf(field, "null"));
            } else {
                record.put(pos, readValue(field.schema()));
            }
            path.leave();
            present[pos] = true;
            next = pos + 1;
        }
        for (Schema.Field field : fields) {
            if (!present[field.pos()]) {
                path.enterField(field.name());
                record.put(field.pos(), defaultOf(field, "missing"));
                path.leave();
            }
        }
        return record;
    }

    /** The value of a field given as null or left out: its default, if it has one. */
    private Object defaultOf(Schema.Field field, String given) {
        if (!field.hasDefaultValue()) {
            throw new EventFormatException(path + " is required but " + given);
        }
        // Every optional field defaults to null: no need to look the default up in the model (it hashes the field).
        return field.defaultVal() == JsonProperties.NULL_VALUE ? null : Events.MODEL.getDefaultValue(field);
    }

    private List<Object> readArray(Schema schema) throws IOException {
        expect(parser.currentToken() == JsonToken.START_ARRAY, "an array");
        Schema items = schema.getElementType();
        List<Object> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            path.enterIndex(values.size());
            values.add(readValue(items));
            path.leave();
        }
        return values;
    }

    private Object readEnum(Schema schema) throws IOException {
        expect(parser.currentToken() == JsonToken.VALUE_STRING, "a string");
        String symbol = parser.getText();
        Object value = enumSymbols(schema).get(symbol);
        if (value == null) {
            throw new EventFormatException(path + " is '" + symbol + "', expected one of " + schema.getEnumSymbols());
        }
        return value;
    }

    private Instant readInstant() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(parser.getLongValue());
        }
        expect(token == JsonToken.VALUE_STRING, "an ISO-8601 date-time");
        Instant utc = parseUtc(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (utc != null) {
            return utc;
        }
        String text = parser.getText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventFormatException(path + " is '" + text + "', not an ISO-8601 date-time with offset (e.g. 2025-01-15T10:30:00Z)");
        }
    }

    /**
     * Fast path for the usual {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read from the parser's characters without a
     * String: the JDK's formatter-based parse costs more than the rest of an event's decoding. {@code null} for anything
     * else, valid or not (another offset, a 24th hour, February 30th...), which the JDK's strict parser then accepts or
     * refuses, so both paths accept exactly the same texts.
     */
    static Instant parseUtc(char[] text, int start, int length) {
        if (length < 20 || length > 30 || text[start + length - 1] != 'Z' || text[start + 4] != '-' || text[start + 7] != '-'
                || text[start + 10] != 'T' || text[start + 13] != ':' || text[start + 16] != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text[start + 19] != '.' || fractionDigits == 0) {
                return null;
            }
            int fraction = digits(text, start + 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
        }
        int year = digits(text, start, 4);
        int month = digits(text, start + 5, 2);
        int day = digits(text, start + 8, 2);
        int hour = digits(text, start + 11, 2);
        int minute = digits(text, start + 14, 2);
        int second = digits(text, start + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal value of {@code count} (at most 9) digits from {@code start}, or -1. */
    private static int digits(char[] text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private BigDecimal readDecimal(LogicalTypes.Decimal decimal) throws IOException {
        JsonToken token = parser.currentToken();
        BigDecimal value;
        if (token.isNumeric()) {
            value = parseCompactDecimal(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (value == null) {
                value = parser.getDecimalValue();
            }
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                value = new BigDecimal(parser.getText());
            } catch (NumberFormatException e) {
                throw new EventFormatException(path + " is '" + parser.getText() + "', not a decimal number");
            }
        } else {
            throw new EventFormatException(path + " is " + kind() + ", expected a decimal number");
        }
        // Digits and decimals are checked before rescaling: 1e100000000 (a dozen characters) rescaled would be a number of
        // a hundred million digits.
        int scale = decimal.getScale();
        if ((long) value.precision() - value.scale() > decimal.getPrecision() - scale) {
            throw new EventFormatException(path + " is " + shown(value) + ", more than " + decimal.getPrecision() + " digits");
        }
        if (value.scale() > scale && value.stripTrailingZeros().scale() > scale) {
            throw new EventFormatException(path + " is " + shown(value) + ", more than " + scale + " decimals");
        }
        return value.setScale(scale, RoundingMode.UNNECESSARY);
    }

    /** A number for a message: its digits, or with an exponent where its digits would be too many to show. */
    private static String shown(BigDecimal value) {
        return Math.abs(value.scale()) <= 40 ? value.toPlainString() : value.toString();
    }

    /**
     * Fast path for a plain JSON number of up to 18 digits ({@code -123.45}): its unscaled value as a {@code long}, without
     * the text copy and {@code BigDecimal(String)} parse of Jackson's. {@code null} for anything else (exponents, more
     * digits), which Jackson then reads. Same value and scale as {@code new BigDecimal(text)}.
     */
    static BigDecimal parseCompactDecimal(char[] text, int start, int length) {
        int end = start + length;
        int i = start;
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digitCount = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                if (++digitCount > 18) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (fraction) {
                    scale++;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else {
                return null;
            }
        }
        if (digitCount == 0) {
            return null;
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** Reads the union branch the JSON value belongs to; entity records are told apart by entityHeader.entityType. */
    private Object readUnion(Schema union) throws IOException {
        JsonToken token = parser.currentToken();
        Schema first = null;
        int candidates = 0;
        for (Schema branch : union.getTypes()) {
            if (matches(branch, token)) {
                first = first == null ? branch : first;
                candidates++;
            }
        }
        if (candidates == 0) {
            throw new EventFormatException(path + " is " + kind() + ", expected one of "
                    + union.getTypes().stream().map(s -> s.getType() == Schema.Type.RECORD ? s.getName() : s.getType().getName()).toList());
        }
        if (candidates > 1 && token == JsonToken.START_OBJECT) {
            return readEntityOfUnion(union);
        }
        return readValue(first);
    }

    private Object readEntityOfUnion(Schema union) throws IOException {
        JsonNode entity = parser.readValueAsTree();
        String entityType = entity.path("entityHeader").path("entityType").asText(null);
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.RECORD && branch.getName().equals(entityType)) {
                JsonParser outer = parser;
                try (JsonParser overEntity = entity.traverse(outer.getCodec())) {
                    parser = overEntity;
                    parser.nextToken();
                    return readRecord(branch);
                } finally {
                    parser = outer;
                }
            }
        }
        throw new EventFormatException(path + ".entityHeader.entityType is '" + entityType + "', expected one of "
                + union.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).map(Schema::getName).toList());
    }

    private static boolean matches(Schema branch, JsonToken token) {
        return switch (branch.getType()) {
            case NULL -> token == JsonToken.VALUE_NULL;
            case RECORD -> token == JsonToken.START_OBJECT;
            case ARRAY -> token == JsonToken.START_ARRAY;
            case STRING, ENUM -> token == JsonToken.VALUE_STRING;
            case LONG -> token == JsonToken.VALUE_NUMBER_INT || branch.getLogicalType() != null && token == JsonToken.VALUE_STRING;
            case BYTES -> branch.getLogicalType() != null && (token.isNumeric() || token == JsonToken.VALUE_STRING);
            case INT -> token == JsonToken.VALUE_NUMBER_INT;
            case DOUBLE, FLOAT -> token.isNumeric();
            case BOOLEAN -> token.isBoolean();
            default -> false;
        };
    }

    private void expect(boolean ok, String expected) throws IOException {
        if (!ok) {
            throw new EventFormatException(path + " is " + kind() + ", expected " + expected);
        }
    }

    /** What the current value is, for a message. */
    private String kind() throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_STRING -> "the string \"" + abbreviate(parser.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.name().toLowerCase();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** The values of an enum schema's symbols, worked out once per schema instead of by reflection for every value. */
    private static Map<String, Object> enumSymbols(Schema schema) {
        Map<String, Object> symbols = ENUM_SYMBOLS.get(schema);
        if (symbols == null) {
            symbols = new HashMap<>();
            for (String symbol : schema.getEnumSymbols()) {
                symbols.put(symbol, Events.MODEL.createEnum(symbol, schema));
            }
            ENUM_SYMBOLS.putIfAbsent(schema, symbols);
        }
        return symbols;
    }

    /** What reading a record of one schema needs, worked out once per schema instead of for every record. */
    private static final class RecordPlan {

        private final Schema schema;
        private final Schema.Field[] fields;
        /** Interned, as Jackson interns the names it reads: a name in schema order matches by identity. */
        private final String[] names;
        private final SpecificData.InstanceSupplier create;

        private RecordPlan(Schema schema) {
            this.schema = schema;
            this.fields = schema.getFields().toArray(Schema.Field[]::new);
            this.names = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                names[i] = fields[i].name().intern();
            }
            this.create = Events.READING_MODEL.getNewRecordSupplier(schema);
        }

        static RecordPlan of(Schema schema) {
            RecordPlan plan = RECORD_PLANS.get(schema);
            if (plan == null) {
                plan = new RecordPlan(schema);
                RECORD_PLANS.putIfAbsent(schema, plan);
            }
            return plan;
        }

        IndexedRecord newRecord() {
            return (IndexedRecord) create.newInstance(null, schema);
        }

        /** The position of field {@code name}, or -1 if the schema has none; {@code expected} is tried first. */
        int indexOf(String name, int expected) {
            if (expected < names.length && names[expected] == name) {
                return expected;
            }
            Schema.Field field = schema.getField(name);
            return field == null ? -1 : field.pos();
        }
    }
}
