package io.cdcfanout.producerapi.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.cdcfanout.producerapi.ProducerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks an event against the project's JSON Schemas ({@code schemas/v1}) and the rules a schema
 * cannot express, and extracts what the store needs. Every violation is reported, each with its
 * JSON pointer. Values PostgreSQL cannot store or that would be costly to validate (huge numbers)
 * are answered first, without running the schema: {@code multipleOf} on {@code 1e20000000} alone
 * takes minutes of CPU.
 */
@ApplicationScoped
public class EventValidator {

    /** Base of the {@code $id}s of the schemas, resolved from the classpath. */
    public static final String SCHEMA_BASE = "https://cdc-fanout.io/schemas/v1/";

    private static final BigDecimal MAX_DOUBLE = BigDecimal.valueOf(Double.MAX_VALUE);
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    /** How many of the largest parts a too-large answer names. */
    private static final int LARGEST_PARTS = 3;

    private final Schema schema;
    private final long maxEventBytes;
    private final int maxNumberLength;
    private final Duration maxClockSkew;

    public EventValidator(ProducerConfig config) {
        this.maxEventBytes = config.maxEventBytes();
        this.maxNumberLength = config.maxNumberLength();
        this.maxClockSkew = config.maxClockSkew();
        SchemaRegistryConfig registryConfig = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(registryConfig)
                .schemaIdResolvers(resolvers -> resolvers.mapPrefix(SCHEMA_BASE, "classpath:schemas/v1/")));
        this.schema = registry.getSchema(SchemaLocation.of(SCHEMA_BASE + "event/event.json"));
        this.schema.initializeValidators();
    }

    /** Either the validated event or every violation found. */
    public sealed interface Result permits Valid, Invalid, TooLarge {
    }

    /** The event passed every check. */
    public record Valid(ValidatedEvent event) implements Result {
    }

    /** The event failed; {@code violations} lists every problem found. */
    public record Invalid(List<Violation> violations) implements Result {
    }

    /**
     * The event is valid but larger than {@code producer.max-event-bytes} as stored and published.
     *
     * @param bytes the length of the event's jsonb text
     * @param largest the parts that make it large, largest first
     */
    public record TooLarge(long bytes, long limit, List<JsonbText.Part> largest) implements Result {
    }

    public Result validate(JsonNode root) {
        Set<Violation> violations = new LinkedHashSet<>();
        checkValues(root, "", violations);
        if (!violations.isEmpty()) {
            return new Invalid(List.copyOf(violations));
        }
        for (Error error : schema.validate(root)) {
            violations.add(toViolation(error));
        }
        if (!violations.isEmpty()) {
            return new Invalid(List.copyOf(violations));
        }
        List<Violation> semantic = new ArrayList<>();
        ValidatedEvent event = extract((ObjectNode) root.deepCopy(), semantic);
        checkUpdatedAt(event, semantic);
        if (!semantic.isEmpty()) {
            return new Invalid(semantic);
        }
        // Measured on the event as stored (with a generated uuid), as jsonb prints it for Debezium.
        long bytes = JsonbText.length(event.json());
        if (bytes > maxEventBytes) {
            return new TooLarge(bytes, maxEventBytes, JsonbText.largestParts(event.json(), LARGEST_PARTS));
        }
        return new Valid(event);
    }

    /**
     * A future {@code updatedAt} would win every later upsert of the entity (later states win), so it
     * is bounded by the clock skew we tolerate between client and server.
     */
    private void checkUpdatedAt(ValidatedEvent event, List<Violation> violations) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime latest = now.plus(maxClockSkew);
        for (int i = 0; i < event.entities().size(); i++) {
            OffsetDateTime updatedAt = event.entities().get(i).updatedAt();
            if (updatedAt != null && updatedAt.isAfter(latest)) {
                violations.add(new Violation("/entities/" + i + "/entityHeader/updatedAt", "is more than " + maxClockSkew
                        + " (producer.max-clock-skew) after the server's time " + now + "; a future updatedAt would block every later update of the entity"));
            }
        }
    }

    private static Violation toViolation(Error error) {
        String pointer = error.getInstanceLocation().toString();
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            pointer = pointer + "/" + escape(error.getProperty());
        }
        return new Violation(pointer, error.getMessage());
    }

    /**
     * Values JSON allows but PostgreSQL's jsonb or downstream consumers do not: numbers beyond a
     * 64-bit integer or a finite double, numbers numeric cannot hold or whose full text (every digit,
     * as jsonb stores them) is longer than {@code producer.max-number-length}, NUL characters and
     * unpaired surrogates. Each check costs O(1) per value, whatever the number.
     */
    private void checkValues(JsonNode node, String pointer, Set<Violation> violations) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = pointer + "/" + escape(field.getKey());
                checkText(field.getKey(), child, "member name", violations);
                checkValues(field.getValue(), child, violations);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkValues(node.get(i), pointer + "/" + i, violations);
            }
        } else if (node.isTextual()) {
            checkText(node.textValue(), pointer, "string", violations);
        } else if (node.isBigInteger()) {
            BigInteger value = node.bigIntegerValue();
            if (value.compareTo(MIN_LONG) < 0 || value.compareTo(MAX_LONG) > 0) {
                violations.add(new Violation(pointer, "integer out of range (must fit in a signed 64-bit integer)"));
            }
        } else if (node.isBigDecimal()) {
            checkDecimal(node.decimalValue(), pointer, violations);
        }
    }

    private void checkDecimal(BigDecimal value, String pointer, Set<Violation> violations) {
        long integerDigits = JsonbText.integerDigits(value);
        long fractionDigits = JsonbText.fractionDigits(value);
        if (integerDigits > JsonbText.NUMERIC_MAX_INTEGER_DIGITS || fractionDigits > JsonbText.NUMERIC_MAX_FRACTION_DIGITS) {
            violations.add(new Violation(pointer, "number cannot be stored: written out it has " + integerDigits + " digits before and "
                    + fractionDigits + " after the decimal point; PostgreSQL numeric holds at most " + JsonbText.NUMERIC_MAX_INTEGER_DIGITS
                    + " and " + JsonbText.NUMERIC_MAX_FRACTION_DIGITS));
        } else if (JsonbText.decimal(value) > maxNumberLength) {
            violations.add(new Violation(pointer, "number too long: written out in full, as it is stored and published, it has "
                    + JsonbText.decimal(value) + " characters; at most " + maxNumberLength + " are allowed (producer.max-number-length)"));
        } else if (value.abs().compareTo(MAX_DOUBLE) > 0) {
            violations.add(new Violation(pointer, "number out of range (must fit in a double)"));
        }
    }

    private static void checkText(String text, String pointer, String what, Set<Violation> violations) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                violations.add(new Violation(pointer, what + " contains a NUL character (\\u0000), which cannot be stored"));
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                violations.add(new Violation(pointer, what + " contains an unpaired UTF-16 surrogate at index " + i));
                return;
            }
        }
    }

    /** Reads the schema-valid event; adds violations for what no schema can check. */
    private static ValidatedEvent extract(ObjectNode event, List<Violation> violations) {
        ObjectNode header = (ObjectNode) event.get("eventHeader");
        boolean generated = !header.hasNonNull("uuid");
        UUID eventId = generated ? UUID.randomUUID() : UUID.fromString(header.get("uuid").textValue());
        if (generated) {
            header.put("uuid", eventId.toString());
        }
        List<ValidatedEvent.Entity> entities = new ArrayList<>();
        JsonNode items = event.get("entities");
        for (int i = 0; i < items.size(); i++) {
            ObjectNode entity = (ObjectNode) items.get(i);
            JsonNode entityHeader = entity.get("entityHeader");
            String pointer = "/entities/" + i;
            String id = entity.get("id").textValue();
            if (!id.equals(entityHeader.get("entityId").textValue())) {
                violations.add(new Violation(pointer + "/entityHeader/entityId", "must equal the entity's id '" + id + "'"));
            }
            entities.add(new ValidatedEvent.Entity(
                    EntityType.fromJson(entityHeader.get("entityType").textValue()).orElseThrow(),
                    id,
                    dateTime(entityHeader, "createdAt", pointer + "/entityHeader", violations),
                    dateTime(entityHeader, "updatedAt", pointer + "/entityHeader", violations),
                    entity));
        }
        return new ValidatedEvent(
                eventId,
                generated,
                header.get("eventType").textValue(),
                header.get("eventName").textValue(),
                dateTime(header, "createdDate", "/eventHeader", violations),
                dateTime(header, "savedDate", "/eventHeader", violations),
                entities.get(0),
                List.copyOf(entities),
                event,
                event.toString());
    }

    /** RFC 3339 allows a few forms java.time does not (leap seconds, {@code -00:00}): reject them precisely. */
    private static OffsetDateTime dateTime(JsonNode parent, String field, String pointer, List<Violation> violations) {
        String text = parent.get(field).textValue();
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(pointer + "/" + field, "unsupported date-time '" + text + "' (use e.g. 2025-01-15T10:30:00Z or 2025-01-15T12:30:00+02:00)"));
            return null;
        }
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
