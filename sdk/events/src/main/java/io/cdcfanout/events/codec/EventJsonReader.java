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
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
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
        IndexedRecord record = (IndexedRecord) Events.MODEL.newRecord(null, schema);
        List<Schema.Field> fields = schema.getFields();
        boolean[] present = new boolean[fields.size()];
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            Schema.Field field = schema.getField(name);
            JsonToken token = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            path.enterField(name);
            if (token == JsonToken.VALUE_NULL) {
                record.put(field.pos(), defaultOf(field, "null"));
            } else {
                record.put(field.pos(), readValue(field.schema()));
            }
            path.leave();
            present[field.pos()] = true;
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
        if (!schema.hasEnumSymbol(symbol)) {
            throw new EventFormatException(path + " is '" + symbol + "', expected one of " + schema.getEnumSymbols());
        }
        return Events.MODEL.createEnum(symbol, schema);
    }

    private Instant readInstant() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(parser.getLongValue());
        }
        expect(token == JsonToken.VALUE_STRING, "an ISO-8601 date-time");
        String text = parser.getText();
        Instant utc = parseUtc(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventFormatException(path + " is '" + text + "', not an ISO-8601 date-time with offset (e.g. 2025-01-15T10:30:00Z)");
        }
    }

    /**
     * Fast path for the usual {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}: the JDK's formatter-based parse costs
     * more than the rest of an event's decoding. {@code null} sends anything else to the full parser.
     */
    private static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = digits(text, 20, length - 21);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * (int) Math.pow(10, 9 - (length - 21));
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} (at most 9) digits from {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        if (count > 9) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
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
            value = parser.getDecimalValue();
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                value = new BigDecimal(parser.getText());
            } catch (NumberFormatException e) {
                throw new EventFormatException(path + " is '" + parser.getText() + "', not a decimal number");
            }
        } else {
            throw new EventFormatException(path + " is " + kind() + ", expected a decimal number");
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new EventFormatException(path + " is " + value.toPlainString() + ", more than " + decimal.getScale() + " decimals");
        }
        if (scaled.precision() > decimal.getPrecision()) {
            throw new EventFormatException(path + " is " + value.toPlainString() + ", more than " + decimal.getPrecision() + " digits");
        }
        return scaled;
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
}
