package io.cdcfanout.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads and writes typed events as the contract's JSON ({@code eventHeader} + {@code entities}, dates as
 * ISO-8601 strings, amounts as JSON numbers, no Avro union wrappers), guided by the Avro schema of the
 * type. Lenient where schemas evolve, strict where data is wrong:
 * <ul>
 *   <li>unknown fields are ignored; a missing or null field with a default gets its default;</li>
 *   <li>a missing required field, a wrong JSON type, an unknown enum symbol, an unparsable date or an
 *       amount with more than two decimals fail with an {@link EventFormatException} naming the path.</li>
 * </ul>
 * Thread-safe; no reflection beyond creating the generated classes.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventJson() {
    }

    /** Parses an event whose type is read from its {@code eventHeader.eventType}. */
    public static SpecificRecord read(byte[] json, int offset, int length) {
        return read(parse(json, offset, length), null);
    }

    /**
     * Parses an event of a known type (e.g. from the {@code eventType} Kafka header); {@code type}
     * {@code null} reads it from {@code eventHeader.eventType}.
     */
    public static SpecificRecord read(JsonNode event, EventType type) {
        if (!event.isObject()) {
            throw new EventFormatException("$ is " + kind(event) + ", expected an event object");
        }
        EventType actual = type != null ? type : typeOf(event);
        return (SpecificRecord) readValue(Events.schema(actual), event, "$");
    }

    /** The JSON tree of an event, parsed strictly (one JSON value, UTF-8). */
    public static JsonNode parse(byte[] json, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(json, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new EventFormatException("empty record: no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new EventFormatException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventFormatException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** The contract JSON of a typed event, UTF-8. */
    public static byte[] write(SpecificRecord event) {
        try {
            return MAPPER.writeValueAsBytes(toTree(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.getSchema().getName(), e);
        }
    }

    /** The contract JSON tree of a typed event (optional fields that are null are left out). */
    public static ObjectNode toTree(SpecificRecord event) {
        return (ObjectNode) writeValue(event.getSchema(), event);
    }

    private static EventType typeOf(JsonNode event) {
        JsonNode typeNode = event.path("eventHeader").path("eventType");
        if (!typeNode.isTextual()) {
            throw new EventFormatException("$.eventHeader.eventType is missing: cannot tell the event type");
        }
        EventType type = Events.typeNamed(typeNode.asText());
        if (type == null) {
            throw new EventFormatException("$.eventHeader.eventType '" + typeNode.asText() + "' is not one of " + List.of(EventType.values()));
        }
        return type;
    }

    private static Object readValue(Schema schema, JsonNode node, String path) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return readInstant(node, path);
        }
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return readDecimal(decimal, node, path);
        }
        return switch (schema.getType()) {
            case RECORD -> readRecord(schema, node, path);
            case UNION -> readValue(unionBranch(schema, node, path), node, path);
            case ARRAY -> readArray(schema, node, path);
            case ENUM -> readEnum(schema, node, path);
            case STRING -> {
                expect(node.isTextual(), node, path, "a string");
                yield node.asText();
            }
            case INT -> {
                expect(node.isIntegralNumber() && node.canConvertToInt(), node, path, "an integer");
                yield node.intValue();
            }
            case LONG -> {
                expect(node.isIntegralNumber() && node.canConvertToLong(), node, path, "an integer");
                yield node.longValue();
            }
            case DOUBLE -> {
                expect(node.isNumber(), node, path, "a number");
                yield node.doubleValue();
            }
            case FLOAT -> {
                expect(node.isNumber(), node, path, "a number");
                yield node.floatValue();
            }
            case BOOLEAN -> {
                expect(node.isBoolean(), node, path, "true or false");
                yield node.booleanValue();
            }
            case NULL -> {
                expect(node.isNull(), node, path, "null");
                yield null;
            }
            default -> throw new IllegalStateException("schema type " + schema.getType() + " is not used by events (" + path + ")");
        };
    }

    private static IndexedRecord readRecord(Schema schema, JsonNode node, String path) {
        expect(node.isObject(), node, path, "an object");
        IndexedRecord record = (IndexedRecord) Events.MODEL.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = path + "." + field.name();
            if (value == null || value.isNull()) {
                if (field.hasDefaultValue()) {
                    record.put(field.pos(), Events.MODEL.getDefaultValue(field));
                    continue;
                }
                throw new EventFormatException(fieldPath + " is required but " + (value == null ? "missing" : "null"));
            }
            record.put(field.pos(), readValue(field.schema(), value, fieldPath));
        }
        return record;
    }

    private static List<Object> readArray(Schema schema, JsonNode node, String path) {
        expect(node.isArray(), node, path, "an array");
        List<Object> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(readValue(schema.getElementType(), node.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    private static Object readEnum(Schema schema, JsonNode node, String path) {
        expect(node.isTextual(), node, path, "a string");
        if (!schema.hasEnumSymbol(node.asText())) {
            throw new EventFormatException(path + " is '" + node.asText() + "', expected one of " + schema.getEnumSymbols());
        }
        return Events.MODEL.createEnum(node.asText(), schema);
    }

    private static Instant readInstant(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        expect(node.isTextual(), node, path, "an ISO-8601 date-time");
        String text = node.asText();
        Instant utc = parseUtc(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventFormatException(path + " is '" + node.asText() + "', not an ISO-8601 date-time with offset (e.g. 2025-01-15T10:30:00Z)");
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

    private static BigDecimal readDecimal(LogicalTypes.Decimal decimal, JsonNode node, String path) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText());
            } catch (NumberFormatException e) {
                throw new EventFormatException(path + " is '" + node.asText() + "', not a decimal number");
            }
        } else {
            throw new EventFormatException(path + " is " + kind(node) + ", expected a decimal number");
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

    /** Picks the union branch a JSON value belongs to; entity records are told apart by entityHeader.entityType. */
    private static Schema unionBranch(Schema union, JsonNode node, String path) {
        List<Schema> candidates = new ArrayList<>();
        for (Schema branch : union.getTypes()) {
            if (matches(branch, node)) {
                candidates.add(branch);
            }
        }
        if (candidates.size() > 1 && node.isObject()) {
            String entityType = node.path("entityHeader").path("entityType").asText(null);
            for (Schema candidate : candidates) {
                if (candidate.getName().equals(entityType)) {
                    return candidate;
                }
            }
            throw new EventFormatException(path + ".entityHeader.entityType is '" + entityType + "', expected one of "
                    + candidates.stream().map(Schema::getName).toList());
        }
        if (candidates.isEmpty()) {
            throw new EventFormatException(path + " is " + kind(node) + ", expected one of "
                    + union.getTypes().stream().map(s -> s.getType() == Schema.Type.RECORD ? s.getName() : s.getType().getName()).toList());
        }
        return candidates.get(0);
    }

    private static boolean matches(Schema branch, JsonNode node) {
        return switch (branch.getType()) {
            case NULL -> node.isNull();
            case RECORD -> node.isObject();
            case ARRAY -> node.isArray();
            case STRING, ENUM -> node.isTextual();
            case LONG -> branch.getLogicalType() != null ? node.isTextual() || node.isIntegralNumber() : node.isIntegralNumber();
            case BYTES -> branch.getLogicalType() != null && (node.isNumber() || node.isTextual());
            case INT -> node.isIntegralNumber();
            case DOUBLE, FLOAT -> node.isNumber();
            case BOOLEAN -> node.isBoolean();
            default -> false;
        };
    }

    private static void expect(boolean ok, JsonNode node, String path, String expected) {
        if (!ok) {
            throw new EventFormatException(path + " is " + kind(node) + ", expected " + expected);
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(node.asText()) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static JsonNode writeValue(Schema schema, Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                ObjectNode object = nodes.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    Object fieldValue = record.get(field.pos());
                    if (fieldValue != null) {
                        object.set(field.name(), writeValue(field.schema(), fieldValue));
                    }
                }
                yield object;
            }
            case UNION -> writeValue(schema.getTypes().get(Events.MODEL.resolveUnion(schema, value)), value);
            case ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (Object item : (List<?>) value) {
                    array.add(writeValue(schema.getElementType(), item));
                }
                yield array;
            }
            case ENUM -> nodes.textNode(value instanceof GenericEnumSymbol<?> symbol ? symbol.toString() : ((Enum<?>) value).name());
            case LONG -> value instanceof Instant instant ? nodes.textNode(instant.toString()) : nodes.numberNode((Long) value);
            case BYTES -> nodes.numberNode((BigDecimal) value);
            case STRING -> nodes.textNode(value.toString());
            case INT -> nodes.numberNode((Integer) value);
            case DOUBLE -> nodes.numberNode((Double) value);
            case FLOAT -> nodes.numberNode((Float) value);
            case BOOLEAN -> nodes.booleanNode((Boolean) value);
            default -> throw new IllegalStateException("schema type " + schema.getType() + " is not used by events");
        };
    }
}
