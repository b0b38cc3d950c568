package io.cdcfanout.producerapi.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.CdcEvents;
import io.cdcfanout.events.LoanCreated;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas the producer validates against ({@code schemas/v1}) and the Avro IDL of the SDK
 * ({@code events.avdl}) must describe the same events: same field names (recursively), same
 * required-ness, corresponding types. Every difference is reported with its path, all at once.
 *
 * <p>Mapping rules (what counts as "the same"):
 * <ul>
 *   <li>One {@code event.json} describes all events; Avro has one record per event type. Each
 *       {@code eventHeader.eventType} symbol is compared with the Avro record of that name.</li>
 *   <li>{@code entities}: JSON dispatches items on {@code entityHeader.entityType} ({@code if}/{@code then})
 *       and restricts the entity types per event type in the top-level {@code allOf}; Avro has
 *       {@code array<Entity>} or {@code array<union{...}>}. The two sets of entity types must be equal,
 *       and each entity schema is compared with the Avro record of the same name.</li>
 *   <li>Required: JSON {@code required} ⇔ the Avro field is neither nullable nor has a default.</li>
 *   <li>string ↔ string; string with {@code enum} ↔ Avro enum with the same symbols (order ignored:
 *       JSON has none); {@code date-time} ↔ timestamp-millis; {@code date} ↔ date; {@code uuid} ↔ string
 *       (the IDL keeps uuids plain strings; logical uuid would be accepted too); other formats
 *       ({@code email}) are validation only ↔ plain string.</li>
 *   <li>integer ↔ int or long. number with {@code multipleOf} ↔ decimal whose scale is the number of
 *       decimals of {@code multipleOf} (money: 0.01 ↔ decimal(18,2)); number without it ↔ double/float.
 *       {@code common.json#/$defs/decimal} (number or numeric string) ↔ decimal or double (the SDK
 *       reads decimals from numbers and strings).</li>
 *   <li>boolean ↔ boolean; array ↔ array (items compared, path {@code []}); object ↔ record.</li>
 *   <li>{@code oneOf} ↔ union of the same non-null branches, paired by kind (path {@code (object)}).</li>
 *   <li>{@code additionalProperties} is not compared: Avro has no equivalent, and the SDK ignores
 *       unknown fields either way. Declared properties are compared whether the schema is open or not.</li>
 *   <li>Validation-only keywords (pattern, minimum, maximum, minItems, prefixItems) are not compared.</li>
 * </ul>
 * Differences that exist today are listed in {@link #BY_DESIGN} and {@link #KNOWN_DRIFT}; any other
 * difference, or an entry that no longer occurs, fails the test.
 */
class SchemaAvroAgreementTest {

    static final String SCHEMA_BASE = "https://cdc-fanout.io/schemas/v1/";
    static final URI EVENT_SCHEMA = URI.create(SCHEMA_BASE + "event/event.json");
    static final URI LOAN_SCHEMA = URI.create(SCHEMA_BASE + "entity/loan.json");

    static final List<String> EVENT_TYPES = List.of("CarCreated", "LoanCreated", "LoanPaymentSubmitted", "CarServiceDone");

    /** Differences that are intended. */
    static final List<String> BY_DESIGN = Stream.concat(
            // The producer API generates eventHeader.uuid when a producer omits it (producer-api
            // README, "Schemas", change 2), so every published event has one; the SDK de-duplicates on it.
            EVENT_TYPES.stream().map(type -> type + ".eventHeader.uuid: JSON optional, Avro required"),
            // filters: routing configuration that older clients send along with an event (kept from
            // the reference schema, producer-api README); it is not event data, so typed events lack it.
            EVENT_TYPES.stream().map(type -> type + ".filters: only in JSON (optional)"))
            .toList();

    /**
     * Real drift found when this test was written: optional properties the producer accepts but the
     * typed model (events.avdl, which says it "mirrors the JSON contract") does not have. The SDK's
     * EventJson drops them silently and Avro topics cannot carry them. To be resolved by adding them
     * to events.avdl (or removing them from the JSON Schemas); remove the entry when that happens.
     */
    static final List<String> KNOWN_DRIFT = List.of(
            "CarCreated.entities[Car].owner(object).description: only in JSON (optional)",
            "CarCreated.entities[Car].description: only in JSON (optional)",
            "CarCreated.entities[Car].insurance: only in JSON (optional)",
            "CarCreated.entities[Car].maintenance: only in JSON (optional)",
            "CarCreated.entities[Car].serviceHistory: only in JSON (optional)",
            "CarCreated.entities[Car].serviceRecords: only in JSON (optional)",
            "CarCreated.entities[Car].loans: only in JSON (optional)",
            "LoanCreated.entities[Loan].financialInstitution(object).description: only in JSON (optional)",
            "LoanCreated.entities[Loan].description: only in JSON (optional)",
            "LoanCreated.entities[Loan].paymentHistory: only in JSON (optional)",
            "LoanCreated.entities[Loan].terms: only in JSON (optional)",
            "LoanCreated.entities[Loan].payments: only in JSON (optional)",
            "LoanPaymentSubmitted.entities[LoanPayment].description: only in JSON (optional)",
            "LoanPaymentSubmitted.entities[LoanPayment].financialInstitution.description: only in JSON (optional)",
            "LoanPaymentSubmitted.entities[LoanPayment].paymentHistory: only in JSON (optional)",
            "LoanPaymentSubmitted.entities[LoanPayment].terms: only in JSON (optional)",
            "CarServiceDone.entities[ServiceRecord].dealer: only in JSON (optional)",
            "CarServiceDone.entities[ServiceRecord].parts: only in JSON (optional)",
            "CarServiceDone.entities[ServiceRecord].technician: only in JSON (optional)");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void jsonSchemasAndAvroDescribeTheSameEvents() {
        List<String> found = new Comparison(Map.of(), SchemaAvroAgreementTest::avroType).run();
        List<String> allowed = Stream.concat(BY_DESIGN.stream(), KNOWN_DRIFT.stream()).toList();

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(minus(found, allowed))
                .as("differences between schemas/v1 and events.avdl that no allow-list explains")
                .isEmpty();
        softly.assertThat(minus(allowed, found))
                .as("allow-list entries that no longer occur (remove them)")
                .isEmpty();
        softly.assertAll();
    }

    @Test
    void reportsEveryChangeToAJsonSchema() {
        ObjectNode loan = (ObjectNode) Comparison.classpathDocument(LOAN_SCHEMA);
        ObjectNode properties = (ObjectNode) loan.get("properties");
        ArrayNode required = (ArrayNode) loan.get("required");
        // rename a required property
        properties.set("principal", properties.remove("loanAmount"));
        replace(required, "loanAmount", "principal");
        // make a required property optional
        replace(required, "carId", null);
        // change a type
        ((ObjectNode) properties.get("balance")).put("type", "string");
        // drop an enum symbol
        ArrayNode status = (ArrayNode) properties.get("status").get("enum");
        replace(status, "cancelled", null);

        List<String> original = new Comparison(Map.of(), SchemaAvroAgreementTest::avroType).run();
        List<String> modified = new Comparison(Map.of(LOAN_SCHEMA, loan), SchemaAvroAgreementTest::avroType).run();

        assertThat(minus(modified, original)).containsExactlyInAnyOrder(
                "LoanCreated.entities[Loan].principal: only in JSON (required)",
                "LoanCreated.entities[Loan].loanAmount: only in Avro",
                "LoanCreated.entities[Loan].carId: JSON optional, Avro required",
                "LoanCreated.entities[Loan].balance: JSON string, Avro decimal(18,2)",
                "LoanCreated.entities[Loan].status: JSON enum [active, paid_off, defaulted], Avro enum LoanStatus [active, paid_off, defaulted, cancelled]");
        assertThat(minus(original, modified)).isEmpty();
    }

    @Test
    void reportsEveryChangeToTheAvroSchema() {
        ObjectNode event = (ObjectNode) read(LoanCreated.getClassSchema().toString());
        // LoanCreated's schema defines Loan inline, as the items of entities
        ObjectNode loan = (ObjectNode) event.at("/fields/1/type/items");
        assertThat(loan.get("name").asText()).isEqualTo("Loan");
        ArrayNode fields = (ArrayNode) loan.get("fields");
        for (int i = fields.size() - 1; i >= 0; i--) {
            ObjectNode field = (ObjectNode) fields.get(i);
            switch (field.get("name").asText()) {
                case "interestRate" -> field.put("type", "string");   // change a type
                case "downPaymentDate" -> fields.remove(i);            // drop an optional field
                case "termMonths" -> field.set("type", read("[\"null\", \"int\"]")); // make it nullable
                default -> { }
            }
        }
        Schema changed = new Schema.Parser().parse(event.toString());
        Function<String, Schema> avro = name -> name.equals("LoanCreated") ? changed : avroType(name);

        List<String> original = new Comparison(Map.of(), SchemaAvroAgreementTest::avroType).run();
        List<String> modified = new Comparison(Map.of(), avro).run();

        assertThat(minus(modified, original)).containsExactlyInAnyOrder(
                "LoanCreated.entities[Loan].interestRate: JSON number, Avro string",
                "LoanCreated.entities[Loan].downPaymentDate: only in JSON (optional)",
                "LoanCreated.entities[Loan].termMonths: JSON required, Avro optional");
        assertThat(minus(original, modified)).isEmpty();
    }

    static Schema avroType(String name) {
        return CdcEvents.PROTOCOL.getType("io.cdcfanout.events." + name);
    }

    private static List<String> minus(List<String> all, List<String> removed) {
        Set<String> remove = new HashSet<>(removed);
        return all.stream().filter(d -> !remove.contains(d)).toList();
    }

    private static void replace(ArrayNode array, String value, String replacement) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                if (replacement == null) {
                    array.remove(i);
                } else {
                    array.set(i, array.textNode(replacement));
                }
                return;
            }
        }
        throw new IllegalArgumentException(value + " not in " + array);
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON Schema node and the URI of the document it is in ($refs are relative to it). */
    record Js(JsonNode node, URI base) {
    }

    /** The properties and required names of an object schema, possibly merged from several parts. */
    record ObjectView(Map<String, Js> properties, Set<String> required) {
    }

    /** One walk of the JSON Schemas and the Avro schemas side by side, collecting differences. */
    static final class Comparison {

        private final Map<URI, JsonNode> documents = new HashMap<>();
        private final Function<String, Schema> avroTypes;
        private final Set<List<Object>> inProgress = new HashSet<>();
        private final List<String> differences = new ArrayList<>();

        /**
         * @param replacedDocuments schema documents to use instead of the classpath's, by URI
         * @param avroTypes         Avro named type by simple name, null when there is none
         */
        Comparison(Map<URI, JsonNode> replacedDocuments, Function<String, Schema> avroTypes) {
            this.documents.putAll(replacedDocuments);
            this.avroTypes = avroTypes;
        }

        List<String> run() {
            Js event = new Js(document(EVENT_SCHEMA), EVENT_SCHEMA);
            Js header = resolve(objectView(List.of(event)).properties().get("eventHeader"));
            for (String type : texts(header.node().at("/properties/eventType/enum"))) {
                Schema avro = avroTypes.apply(type);
                if (avro == null || avro.getType() != Schema.Type.RECORD) {
                    differences.add(type + ": no Avro record " + type);
                    continue;
                }
                compareFields(type, objectView(List.of(event)), avro, (path, name, json, field) -> {
                    if (name.equals("entities")) {
                        compareEntities(path, type, event, json, field);
                    } else {
                        compareType(path, json, field);
                    }
                });
            }
            return differences;
        }

        private interface FieldTypes {
            void compare(String path, String name, Js json, Schema avro);
        }

        private void compareFields(String path, ObjectView json, Schema record, FieldTypes types) {
            for (Map.Entry<String, Js> property : json.properties().entrySet()) {
                String name = property.getKey();
                String fieldPath = path + "." + name;
                boolean jsonRequired = json.required().contains(name);
                Schema.Field field = record.getField(name);
                if (field == null) {
                    differences.add(fieldPath + ": only in JSON (" + (jsonRequired ? "required" : "optional") + ")");
                    continue;
                }
                boolean avroOptional = field.hasDefaultValue() || field.schema().isNullable();
                if (jsonRequired && avroOptional) {
                    differences.add(fieldPath + ": JSON required, Avro optional");
                } else if (!jsonRequired && !avroOptional) {
                    differences.add(fieldPath + ": JSON optional, Avro required");
                }
                types.compare(fieldPath, name, property.getValue(), field.schema());
            }
            for (Schema.Field field : record.getFields()) {
                if (!json.properties().containsKey(field.name())) {
                    differences.add(path + "." + field.name() + ": only in Avro");
                }
            }
        }

        /** entities: JSON picks the entity schema by entityHeader.entityType; Avro has one record per entity type. */
        private void compareEntities(String path, String eventType, Js event, Js json, Schema avro) {
            Js entities = resolve(json);
            Schema array = nonNull(avro);
            if (!"array".equals(entities.node().path("type").asText()) || array.getType() != Schema.Type.ARRAY) {
                mismatch(path, entities, array);
                return;
            }
            Js items = resolve(new Js(entities.node().get("items"), entities.base()));
            Schema avroItems = array.getElementType();
            List<Schema> avroEntities = avroItems.isUnion() ? avroItems.getTypes() : List.of(avroItems);
            Map<String, Schema> avroByName = new LinkedHashMap<>();
            avroEntities.forEach(s -> avroByName.put(s.getName(), s));

            Set<String> jsonTypes = new LinkedHashSet<>();
            for (JsonNode rule : event.node().path("allOf")) {
                if (eventType.equals(rule.at("/if/properties/eventHeader/properties/eventType/const").asText(null))) {
                    jsonTypes.addAll(texts(rule.at("/then/properties/entities/items/properties/entityHeader/properties/entityType/enum")));
                }
            }
            if (!jsonTypes.equals(avroByName.keySet())) {
                differences.add(path + ": entity types JSON " + jsonTypes + ", Avro " + avroByName.keySet());
            }
            for (String entityType : jsonTypes) {
                Schema record = avroByName.get(entityType);
                if (record == null) {
                    continue;
                }
                Js schema = entitySchema(items, entityType);
                if (schema == null) {
                    differences.add(path + "[" + entityType + "]: no JSON entity schema for entityType " + entityType);
                    continue;
                }
                // the entity is the items schema (entityHeader required) and the schema its type picks
                compareRecord(path + "[" + entityType + "]", List.of(items, schema), record);
            }
        }

        private static Js entitySchema(Js items, String entityType) {
            for (JsonNode rule : items.node().path("allOf")) {
                if (entityType.equals(rule.at("/if/properties/entityHeader/properties/entityType/const").asText(null))) {
                    return new Js(rule.get("then"), items.base());
                }
            }
            return null;
        }

        private void compareRecord(String path, List<Js> json, Schema record) {
            List<Object> key = List.of(json.stream().map(js -> System.identityHashCode(js.node())).toList(), record.getFullName());
            if (!inProgress.add(key)) {
                return; // recursive type: already being compared further up
            }
            compareFields(path, objectView(json), record, (p, name, js, avro) -> compareType(p, js, avro));
            inProgress.remove(key);
        }

        private void compareType(String path, Js unresolved, Schema nullable) {
            Js json = resolve(unresolved);
            JsonNode node = json.node();
            Schema avro = nonNull(nullable);
            if (node.has("oneOf")) {
                compareAlternatives(path, json, avro);
                return;
            }
            if (avro.isUnion()) {
                mismatch(path, json, avro);
                return;
            }
            LogicalType logical = avro.getLogicalType();
            boolean agree = switch (jsonType(node)) {
                case "string" -> {
                    if (node.has("enum")) {
                        compareEnum(path, node, avro);
                        yield true;
                    }
                    yield switch (node.path("format").asText("")) {
                        case "date-time" -> logical instanceof LogicalTypes.TimestampMillis;
                        case "date" -> logical instanceof LogicalTypes.Date;
                        case "uuid" -> avro.getType() == Schema.Type.STRING
                                && (logical == null || "uuid".equals(logical.getName()));
                        default -> avro.getType() == Schema.Type.STRING && logical == null;
                    };
                }
                case "integer" -> logical == null
                        && (avro.getType() == Schema.Type.INT || avro.getType() == Schema.Type.LONG);
                case "number" -> node.has("multipleOf")
                        ? logical instanceof LogicalTypes.Decimal decimal
                                && decimal.getScale() == new BigDecimal(node.get("multipleOf").asText()).stripTrailingZeros().scale()
                        : isFloatingPoint(avro);
                case "number|string" -> logical instanceof LogicalTypes.Decimal || isFloatingPoint(avro);
                case "boolean" -> avro.getType() == Schema.Type.BOOLEAN;
                case "array" -> {
                    if (avro.getType() != Schema.Type.ARRAY) {
                        yield false;
                    }
                    compareType(path + "[]", new Js(node.get("items"), json.base()), avro.getElementType());
                    yield true;
                }
                case "object" -> {
                    if (avro.getType() != Schema.Type.RECORD || !node.has("properties")) {
                        yield false;
                    }
                    compareRecord(path, List.of(json), avro);
                    yield true;
                }
                default -> false;
            };
            if (!agree) {
                mismatch(path, json, avro);
            } else if (jsonType(node).equals("integer") || jsonType(node).equals("number")) {
                compareRange(path, node, avro);
            }
        }

        /**
         * A number the producer accepts must fit the Avro type the SDK decodes it into, or the event is accepted and
         * then dead-lettered by every consumer: the JSON bounds must lie within an int's, or a decimal's precision.
         * (Longs need no bound: the producer refuses integers beyond 64 bits, EventValidator.)
         */
        private void compareRange(String path, JsonNode node, Schema avro) {
            BigDecimal limit;
            if (avro.getType() == Schema.Type.INT) {
                limit = BigDecimal.valueOf(Integer.MAX_VALUE).add(BigDecimal.ONE);
            } else if (avro.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                limit = BigDecimal.TEN.pow(decimal.getPrecision() - decimal.getScale());
            } else {
                return;
            }
            boolean upper = node.has("exclusiveMaximum") ? new BigDecimal(node.get("exclusiveMaximum").asText()).compareTo(limit) <= 0
                    : node.has("maximum") && new BigDecimal(node.get("maximum").asText()).compareTo(limit) < 0;
            boolean lower = node.has("exclusiveMinimum") ? new BigDecimal(node.get("exclusiveMinimum").asText()).compareTo(limit.negate()) >= 0
                    : node.has("minimum") && new BigDecimal(node.get("minimum").asText()).compareTo(limit.negate()) > 0;
            if (!upper || !lower) {
                differences.add(path + ": JSON allows " + range(node) + ", Avro " + describe(avro) + " holds less than " + limit.toPlainString()
                        + " in magnitude");
            }
        }

        private static String range(JsonNode node) {
            String low = node.has("exclusiveMinimum") ? "> " + node.get("exclusiveMinimum").asText()
                    : node.has("minimum") ? ">= " + node.get("minimum").asText() : "any minimum";
            String high = node.has("exclusiveMaximum") ? "< " + node.get("exclusiveMaximum").asText()
                    : node.has("maximum") ? "<= " + node.get("maximum").asText() : "no maximum";
            return low + " and " + high;
        }

        private void compareEnum(String path, JsonNode node, Schema avro) {
            Set<String> symbols = texts(node.get("enum"));
            if (avro.getType() != Schema.Type.ENUM) {
                differences.add(path + ": JSON enum " + symbols + ", Avro " + describe(avro));
            } else if (!symbols.equals(new HashSet<>(avro.getEnumSymbols()))) {
                differences.add(path + ": JSON enum " + symbols + ", Avro enum " + avro.getName() + " " + avro.getEnumSymbols());
            }
        }

        /** oneOf ↔ union: each alternative pairs with the union branch of the same kind. */
        private void compareAlternatives(String path, Js json, Schema avro) {
            List<Schema> branches = new ArrayList<>(avro.isUnion() ? avro.getTypes() : List.of(avro));
            for (JsonNode alternative : json.node().get("oneOf")) {
                Js alt = resolve(new Js(alternative, json.base()));
                String kind = jsonType(alt.node());
                Schema branch = branches.stream().filter(b -> avroKind(b).equals(kind)).findFirst().orElse(null);
                if (branch == null) {
                    differences.add(path + ": JSON oneOf alternative " + describe(alt.node()) + " has no Avro union branch");
                    continue;
                }
                branches.remove(branch);
                compareType(path + "(" + kind + ")", alt, branch);
            }
            for (Schema branch : branches) {
                differences.add(path + ": Avro union branch " + describe(branch) + " has no JSON oneOf alternative");
            }
        }

        private void mismatch(String path, Js json, Schema avro) {
            differences.add(path + ": JSON " + describe(json.node()) + ", Avro " + describe(avro));
        }

        // --- JSON side

        private ObjectView objectView(List<Js> parts) {
            Map<String, Js> properties = new LinkedHashMap<>();
            Set<String> required = new LinkedHashSet<>();
            for (Js unresolved : parts) {
                Js part = resolve(unresolved);
                part.node().path("properties").fields().forEachRemaining(
                        p -> properties.putIfAbsent(p.getKey(), new Js(p.getValue(), part.base())));
                required.addAll(texts(part.node().path("required")));
            }
            return new ObjectView(properties, required);
        }

        /** Follows $ref (relative to the document, with an optional JSON pointer such as #/$defs/decimal). */
        private Js resolve(Js js) {
            while (js.node().has("$ref")) {
                URI target = js.base().resolve(js.node().get("$ref").asText());
                URI document = URI.create(target.getScheme() + ":" + target.getSchemeSpecificPart());
                String pointer = target.getFragment();
                JsonNode root = document(document);
                JsonNode node = pointer == null || pointer.isEmpty() ? root : root.at(pointer);
                if (node.isMissingNode()) {
                    throw new IllegalStateException("unresolvable $ref " + target);
                }
                js = new Js(node, document);
            }
            return js;
        }

        private JsonNode document(URI uri) {
            return documents.computeIfAbsent(uri, Comparison::classpathDocument);
        }

        /** Schemas are resolved from the classpath, as the producer API does; never fetched. */
        static JsonNode classpathDocument(URI uri) {
            if (!uri.toString().startsWith(SCHEMA_BASE)) {
                throw new IllegalArgumentException("not a v1 schema: " + uri);
            }
            String resource = "schemas/v1/" + uri.toString().substring(SCHEMA_BASE.length());
            try (InputStream in = SchemaAvroAgreementTest.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no classpath resource " + resource + " for " + uri);
                }
                return MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** "string", "number", …; the shared decimal (type [number, string]) is "number|string". */
        private static String jsonType(JsonNode node) {
            JsonNode type = node.path("type");
            if (type.isArray()) {
                List<String> types = new ArrayList<>();
                type.forEach(t -> types.add(t.asText()));
                return String.join("|", types);
            }
            return type.asText(node.has("oneOf") ? "oneOf" : "(untyped)");
        }

        private static String describe(JsonNode node) {
            if (node.has("oneOf")) {
                List<String> alternatives = new ArrayList<>();
                node.get("oneOf").forEach(a -> alternatives.add(describe(a)));
                return "oneOf" + alternatives;
            }
            String type = jsonType(node);
            if (node.has("enum")) {
                return type + " enum " + texts(node.get("enum"));
            }
            if (node.has("format")) {
                return type + " (" + node.get("format").asText() + ")";
            }
            if (type.equals("number") && node.has("multipleOf")) {
                return type + " (multipleOf " + node.get("multipleOf").asText() + ")";
            }
            return type;
        }

        private static Set<String> texts(JsonNode array) {
            Set<String> texts = new LinkedHashSet<>();
            array.forEach(t -> texts.add(t.asText()));
            return texts;
        }

        // --- Avro side

        /** The schema without its null branch: union{null, X} is X; union{null, X, Y} is union{X, Y}. */
        private static Schema nonNull(Schema schema) {
            if (!schema.isUnion()) {
                return schema;
            }
            List<Schema> types = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
            return types.size() == 1 ? types.get(0) : Schema.createUnion(types);
        }

        private static boolean isFloatingPoint(Schema avro) {
            return avro.getLogicalType() == null
                    && (avro.getType() == Schema.Type.DOUBLE || avro.getType() == Schema.Type.FLOAT);
        }

        /** The JSON type an Avro schema is written as. */
        private static String avroKind(Schema avro) {
            LogicalType logical = avro.getLogicalType();
            if (logical instanceof LogicalTypes.Decimal) {
                return "number";
            }
            if (logical != null) {
                return "string"; // timestamps, dates and uuids are ISO-8601 / UUID strings in JSON
            }
            return switch (avro.getType()) {
                case STRING, ENUM -> "string";
                case INT, LONG -> "integer";
                case FLOAT, DOUBLE -> "number";
                case BOOLEAN -> "boolean";
                case ARRAY -> "array";
                case RECORD, MAP -> "object";
                default -> avro.getType().getName();
            };
        }

        private static String describe(Schema avro) {
            LogicalType logical = avro.getLogicalType();
            if (logical instanceof LogicalTypes.Decimal decimal) {
                return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
            }
            if (logical != null) {
                return logical.getName();
            }
            return switch (avro.getType()) {
                case RECORD -> "record " + avro.getName();
                case ENUM -> "enum " + avro.getName() + " " + avro.getEnumSymbols();
                case ARRAY -> "array<" + describe(avro.getElementType()) + ">";
                case UNION -> "union" + avro.getTypes().stream().map(Comparison::describe).collect(Collectors.toList());
                default -> avro.getType().getName();
            };
        }
    }
}
