package io.cdcfanout.routingrules.eval;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.routingrules.model.Condition;
import io.cdcfanout.routingrules.model.Condition.Group;
import io.cdcfanout.routingrules.model.Condition.Predicate;
import io.cdcfanout.routingrules.model.ConditionLogic;
import io.cdcfanout.routingrules.model.FieldRef;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.model.TypedValue;
import io.cdcfanout.routingrules.model.ValueType;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules evaluated in plain Java, with the semantics of the generated Flink SQL: which
 * routes a record takes, or that it is malformed and goes to the dead-letter topic. Used by
 * {@code route-preview} and to check the Flink job's output in tests.
 */
public final class RuleEvaluator {

    /** The event timestamps the {@code timestamp} value type understands (the contract's format). */
    public static final String TIMESTAMP_REGEX = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$";

    /** Numeric strings the {@code number} value type understands (JSON numbers always qualify). */
    public static final String NUMBER_REGEX = "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$";

    private static final Pattern TIMESTAMP = Pattern.compile(TIMESTAMP_REGEX);
    private static final Pattern NUMBER = Pattern.compile(NUMBER_REGEX);
    /** Reads the first JSON value and ignores what follows, like Flink's JSON functions. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonPointer EVENT_TYPE = JsonPointer.compile("/eventHeader/eventType");

    private final List<Rule> rules;
    /**
     * The compiled JSON pointer of every field the rules test, by its text: {@code JsonNode.at(String)} compiles the
     * pointer on every call: 30 of the 43 samples of the condition tests in a profile of the 4-rule routing job.
     */
    private final Map<String, JsonPointer> pointers = new HashMap<>();

    public RuleEvaluator(RuleSet rules) {
        this.rules = rules.deployable();
        this.rules.forEach(rule -> compilePointers(rule.condition()));
    }

    private void compilePointers(Condition condition) {
        switch (condition) {
            case Group group -> group.conditions().forEach(this::compilePointers);
            case Predicate predicate -> {
                if (!predicate.field().isCdcOperation()) {
                    pointers.computeIfAbsent(predicate.field().jsonPointer(), JsonPointer::compile);
                }
            }
        }
    }

    /**
     * Routes one record.
     *
     * @param value the record value as UTF-8 text, {@code null} for a tombstone
     * @param headers the record's headers as text (only {@code __op} is read)
     */
    public Routing route(String value, Map<String, String> headers) {
        return route(value == null ? null : event(() -> JSON.readTree(value)), headers);
    }

    /**
     * Routes one record given as the bytes Kafka delivers, parsed without decoding them to a {@code String} first. A value
     * that is not UTF-8 is not a JSON text (RFC 8259): malformed.
     *
     * @param value the record value, {@code null} for a tombstone
     * @param headers the record's headers as text (only {@code __op} is read)
     */
    public Routing route(byte[] value, Map<String, String> headers) {
        return route(value == null ? null : event(() -> JSON.readTree(value)), headers);
    }

    private Routing route(JsonNode event, Map<String, String> headers) {
        if (event == null) {
            return new Routing(false, List.of());
        }
        return new Routing(true, rules.stream().filter(rule -> matches(rule.condition(), event, headers)).toList());
    }

    /** How a value is read into a tree. */
    private interface TreeReader {
        JsonNode read() throws IOException;
    }

    /** The value's tree when it is a JSON object with an event type, else null. */
    private static JsonNode event(TreeReader reader) {
        try {
            JsonNode event = reader.read();
            return event != null && event.isObject() && scalarText(event.at(EVENT_TYPE)) != null ? event : null;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean matches(Condition condition, JsonNode event, Map<String, String> headers) {
        return switch (condition) {
            case Group group -> group.logic() == ConditionLogic.AND
                    ? group.conditions().stream().allMatch(c -> matches(c, event, headers))
                    : group.conditions().stream().anyMatch(c -> matches(c, event, headers));
            case Predicate predicate -> test(predicate, event, headers);
        };
    }

    private boolean test(Predicate p, JsonNode event, Map<String, String> headers) {
        FieldRef field = p.field();
        JsonNode node;
        String text;
        if (field.isCdcOperation()) {
            node = null;
            text = Objects.requireNonNullElse(headers.get(FieldRef.CDC_OPERATION_HEADER), FieldRef.DEFAULT_CDC_OPERATION);
        } else {
            node = event.at(pointers.get(field.jsonPointer()));
            text = scalarText(node);
        }
        switch (p.operator()) {
            case IS_NULL:
                return text == null;
            case IS_NOT_NULL:
                return text != null;
            case EXISTS:
                return field.isCdcOperation() || !(node.isMissingNode() || node.isNull());
            default:
                break;
        }
        Object actual = typed(text, node, p.valueType());
        if (actual == null) {
            return false;
        }
        List<TypedValue> values = p.values();
        return switch (p.operator()) {
            case EQUALS -> compare(actual, values.getFirst()) == 0;
            case NOT_EQUALS -> compare(actual, values.getFirst()) != 0;
            case IN -> values.stream().anyMatch(v -> compare(actual, v) == 0);
            case NOT_IN -> values.stream().noneMatch(v -> compare(actual, v) == 0);
            case GREATER_THAN -> compare(actual, values.getFirst()) > 0;
            case GREATER_THAN_OR_EQUAL -> compare(actual, values.getFirst()) >= 0;
            case LESS_THAN -> compare(actual, values.getFirst()) < 0;
            case LESS_THAN_OR_EQUAL -> compare(actual, values.getFirst()) <= 0;
            case BETWEEN -> compare(actual, values.get(0)) >= 0 && compare(actual, values.get(1)) <= 0;
            case MATCHES -> Pattern.compile(values.getFirst().asString()).matcher((String) actual).find();
            case STARTS_WITH -> ((String) actual).startsWith(values.getFirst().asString());
            case IS_NULL, IS_NOT_NULL, EXISTS -> throw new IllegalStateException("handled above");
        };
    }

    /** The field's value as SQL's {@code JSON_VALUE} sees it: the text of a scalar, else null. */
    private static String scalarText(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** The field as its value type, or null where it does not parse as that type. */
    private static Object typed(String text, JsonNode node, ValueType type) {
        if (text == null) {
            return null;
        }
        return switch (type) {
            case STRING -> text;
            case NUMBER -> node != null && node.isNumber() ? Double.valueOf(node.doubleValue())
                    : NUMBER.matcher(text).matches() ? Double.valueOf(Double.parseDouble(text)) : null;
            case BOOLEAN -> text.equals("true") || text.equals("false") ? text : null;
            case TIMESTAMP -> {
                if (!TIMESTAMP.matcher(text).matches()) {
                    yield null;
                }
                try {
                    yield LocalDateTime.parse(text.substring(0, text.length() - 1)).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    yield null;
                }
            }
        };
    }

    private static int compare(Object actual, TypedValue expected) {
        return switch (expected.type()) {
            case STRING -> ((String) actual).compareTo(expected.asString());
            // + 0.0 folds -0.0 into 0.0: SQL's DOUBLE equality does not tell them apart.
            case NUMBER -> Double.compare((Double) actual + 0.0, expected.asNumber() + 0.0);
            case BOOLEAN -> ((String) actual).compareTo(Boolean.toString(expected.asBoolean()));
            case TIMESTAMP -> ((Instant) actual).compareTo(expected.asInstant());
        };
    }

    /**
     * Where a record goes.
     *
     * @param wellFormed false when the value is not a JSON object with {@code eventHeader.eventType}:
     *     the record goes to the dead-letter topic. As in Flink's {@code IS JSON}, text after the
     *     first JSON value is ignored.
     * @param rules the matching deployable rules, in file order
     */
    public record Routing(boolean wellFormed, List<Rule> rules) {

        /** The topics the record reaches. */
        public List<String> topics() {
            return rules.stream().map(Rule::outputTopic).distinct().toList();
        }
    }
}
