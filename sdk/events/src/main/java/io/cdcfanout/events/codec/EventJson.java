package io.cdcfanout.events.codec;

import com.fasterxml.jackson.core.JsonParser;
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
import java.time.Instant;
import java.util.List;
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
        return read(json, offset, length, null);
    }

    /**
     * Parses an event of a known type (e.g. from the {@code eventType} Kafka header); {@code type}
     * {@code null} reads it from {@code eventHeader.eventType}. With a type, the bytes are read in one pass
     * straight into the typed event, without a JSON tree: the fast path for consumers.
     */
    public static SpecificRecord read(byte[] json, int offset, int length, EventType type) {
        if (type == null) {
            return read(parse(json, offset, length), null);
        }
        try {
            return read(MAPPER.createParser(json, offset, length), type);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Reads an event from its JSON tree; {@code type} {@code null} reads it from
     * {@code eventHeader.eventType}.
     */
    public static SpecificRecord read(JsonNode event, EventType type) {
        // Not an object: refused by the reader before the type matters.
        EventType actual = type == null && event.isObject() ? typeOf(event) : type;
        return read(event.traverse(MAPPER), actual);
    }

    private static SpecificRecord read(JsonParser parser, EventType type) {
        try (parser) {
            return EventJsonReader.read(parser, type);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The JSON tree of an event, parsed strictly (one JSON value, UTF-8). */
    public static JsonNode parse(byte[] json, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(json, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new EventFormatException("empty record: no JSON value");
            }
            return node;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static EventFormatException unreadable(IOException e) {
        return e instanceof JsonProcessingException json
                ? new EventFormatException("not valid JSON: " + json.getOriginalMessage(), e)
                : new EventFormatException("unreadable JSON: " + e.getMessage(), e);
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
