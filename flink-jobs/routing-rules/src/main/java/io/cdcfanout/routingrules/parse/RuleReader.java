package io.cdcfanout.routingrules.parse;

import static io.cdcfanout.routingrules.parse.RuleParser.describe;
import static io.cdcfanout.routingrules.parse.RuleParser.kind;
import static io.cdcfanout.routingrules.parse.RuleParser.printable;
import static io.cdcfanout.routingrules.parse.RuleParser.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcfanout.routingrules.model.Condition;
import io.cdcfanout.routingrules.model.Condition.Group;
import io.cdcfanout.routingrules.model.Condition.Predicate;
import io.cdcfanout.routingrules.model.ConditionLogic;
import io.cdcfanout.routingrules.model.FieldRef;
import io.cdcfanout.routingrules.model.Operator;
import io.cdcfanout.routingrules.model.OutputFormat;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleStatus;
import io.cdcfanout.routingrules.model.TypedValue;
import io.cdcfanout.routingrules.model.ValueType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one rule of a {@link RuleParser}'s file, adding its problems to the list shared by the file's rules. */
final class RuleReader {

    /** Kafka's legal topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private static final Set<String> RULE_FIELDS = Set.of("id", "name", "consumerId", "description", "outputTopic",
            "outputFormat", "enabled", "status", "conditions", "conditionLogic");
    private static final Set<String> PREDICATE_FIELDS = Set.of("field", "operator", "value", "values", "min", "max",
            "valueType", "description");
    private static final Set<String> GROUP_FIELDS = Set.of("conditions", "conditionLogic", "description");

    private final JsonNode node;
    private final List<RuleError> errors;
    private final Set<String> reservedTopics;
    private String ruleId;
    private boolean failed;

    RuleReader(JsonNode node, int index, List<RuleError> errors, Set<String> reservedTopics) {
        this.node = node;
        this.errors = errors;
        this.reservedTopics = reservedTopics;
        this.ruleId = "rules[" + index + "]";
    }

    Rule read() {
        if (!node.isObject()) {
            error("", "must be an object with id, outputTopic and conditions, found " + kind(node));
            return null;
        }
        String id = requiredText("id");
        if (id != null) {
            if (RULE_ID.matcher(id).matches()) {
                ruleId = id;
            } else {
                error("id", "'" + printable(id) + "' is not a valid rule id: use 1-63 lowercase letters, digits and '-', starting with a letter or digit");
            }
        }
        unknownFields(node, RULE_FIELDS, ruleId, "", errors);
        refuseHostileText(node, "");
        String name = optionalText("name", ruleId);
        String consumerId = optionalText("consumerId", "");
        String description = optionalText("description", "");
        String topic = requiredText("outputTopic");
        if (topic != null) {
            if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
                error("outputTopic", "'" + printable(topic) + "' is not a valid Kafka topic name: use 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
            } else if (reservedTopics.contains(topic)) {
                error("outputTopic", "'" + topic + "' is reserved for the routing job itself (source or dead-letter topic); route to another topic");
            }
        }
        OutputFormat format = enumValue("outputFormat", OutputFormat.JSON, OutputFormat::fromWireName, OutputFormat.allowed());
        RuleStatus status = enumValue("status", RuleStatus.ACTIVE, RuleStatus::fromWireName, RuleStatus.allowed());
        boolean enabled = true;
        JsonNode enabledNode = node.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                error("enabled", "must be true or false, found " + kind(enabledNode));
            }
        }
        Group condition = group(node, "");
        return failed ? null : new Rule(ruleId, name, consumerId, description, topic, format, enabled, status, condition);
    }

    /** Every string of the rule, field names included, checked by {@link RuleText} wherever it sits. */
    private void refuseHostileText(JsonNode value, String location) {
        if (value.isTextual()) {
            RuleText.problem(value.textValue()).ifPresent(problem -> error(location, problem));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                refuseHostileText(value.get(i), location + "[" + i + "]");
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = prefix(location) + printable(field.getKey());
                RuleText.problem(field.getKey()).ifPresent(problem -> error(at, "field name " + problem));
                refuseHostileText(field.getValue(), at);
            }
        }
    }

    private Group group(JsonNode groupNode, String location) {
        ConditionLogic logic = ConditionLogic.AND;
        JsonNode logicNode = groupNode.get("conditionLogic");
        if (logicNode != null && !logicNode.isNull()) {
            if (logicNode.isTextual() && (logicNode.textValue().equalsIgnoreCase("and") || logicNode.textValue().equalsIgnoreCase("or"))) {
                logic = ConditionLogic.valueOf(logicNode.textValue().toUpperCase(Locale.ROOT));
            } else {
                error(prefix(location) + "conditionLogic", describe(logicNode) + " is not a condition logic; allowed: AND, OR");
            }
        }
        JsonNode conditions = groupNode.get("conditions");
        String conditionsLocation = prefix(location) + "conditions";
        if (conditions == null || conditions.isNull()) {
            error(conditionsLocation, "is missing; a rule routes nothing without at least one condition");
            return null;
        }
        if (!conditions.isArray() || conditions.isEmpty()) {
            error(conditionsLocation, "must be a non-empty list of conditions, found " + kind(conditions));
            return null;
        }
        List<Condition> parsed = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            String at = conditionsLocation + "[" + i + "]";
            if (!c.isObject()) {
                error(at, "must be an object (a condition with field and operator, or a group with conditions), found " + kind(c));
            } else if (c.has("conditions") && !c.has("field")) {
                unknownFields(c, GROUP_FIELDS, ruleId, at + ".", errors);
                Group nested = group(c, at);
                if (nested != null) {
                    parsed.add(nested);
                }
            } else {
                Predicate predicate = predicate(c, at);
                if (predicate != null) {
                    parsed.add(predicate);
                }
            }
        }
        return new Group(logic, parsed);
    }

    private Predicate predicate(JsonNode c, String at) {
        int before = errors.size();
        unknownFields(c, PREDICATE_FIELDS, ruleId, at + ".", errors);
        if (errors.size() > before) {
            failed = true;
        }
        FieldRef field = null;
        JsonNode fieldNode = c.get("field");
        if (fieldNode == null || !fieldNode.isTextual()) {
            error(at + ".field", fieldNode == null ? "is missing" : "must be a string, found " + kind(fieldNode));
        } else {
            field = FieldRefs.parse(fieldNode.textValue()).orElse(null);
            if (field == null) {
                error(at + ".field", "'" + printable(fieldNode.textValue()) + "' is not a field; use " + FieldRefs.SYNTAX);
            }
        }
        Operator operator = null;
        JsonNode operatorNode = c.get("operator");
        if (operatorNode == null || !operatorNode.isTextual()) {
            error(at + ".operator", (operatorNode == null ? "is missing" : "must be a string, found " + kind(operatorNode))
                    + "; allowed: " + Operator.allowed());
        } else {
            operator = Operator.fromWireName(operatorNode.textValue()).orElse(null);
            if (operator == null) {
                error(at + ".operator", "unknown operator '" + printable(operatorNode.textValue()) + "'; allowed: " + Operator.allowed());
            }
        }
        ValueType type = ValueType.STRING;
        JsonNode typeNode = c.get("valueType");
        if (typeNode != null && !typeNode.isNull()) {
            Optional<ValueType> parsed = typeNode.isTextual() ? ValueType.fromWireName(typeNode.textValue()) : Optional.empty();
            if (parsed.isEmpty()) {
                error(at + ".valueType", "unknown value type " + describe(typeNode) + "; allowed: " + ValueType.allowed());
                return null;
            }
            type = parsed.get();
        }
        if (operator == null) {
            return null;
        }
        if (!operator.types().contains(type)) {
            error(at + ".valueType", "operator " + operator.wireName() + " does not apply to valueType " + type.wireName()
                    + "; it applies to: " + operator.types().stream().map(ValueType::wireName).toList());
            return null;
        }
        if (field != null && field.isCdcOperation() && type != ValueType.STRING) {
            error(at + ".valueType", "cdc.operation is a string (c, u, d or r), not " + type.wireName());
        }
        List<TypedValue> values = values(c, at, operator, type);
        if (errors.size() > before || field == null) {
            return null;
        }
        if (operator == Operator.MATCHES) {
            try {
                Pattern.compile(values.getFirst().asString());
            } catch (PatternSyntaxException e) {
                error(at + ".value", "is not a valid Java regular expression: " + e.getDescription() + " near index " + e.getIndex());
                return null;
            }
        }
        if (operator == Operator.BETWEEN && compare(values.get(0), values.get(1)) > 0) {
            error(at + ".min", "min must not be greater than max");
            return null;
        }
        return new Predicate(field, operator, type, values);
    }

    private List<TypedValue> values(JsonNode c, String at, Operator operator, ValueType type) {
        Set<String> present = new LinkedHashSet<>();
        for (String key : List.of("value", "values", "min", "max")) {
            if (c.has(key)) {
                present.add(key);
            }
        }
        List<String> expected = switch (operator.arity()) {
            case NONE -> List.of();
            case ONE -> List.of("value");
            case LIST -> List.of("values");
            case RANGE -> List.of("min", "max");
        };
        String usage = switch (operator.arity()) {
            case NONE -> "takes no value";
            case ONE -> "takes one 'value'";
            case LIST -> "takes a non-empty list 'values'";
            case RANGE -> "takes 'min' and 'max'";
        };
        for (String key : present) {
            if (!expected.contains(key)) {
                error(at + "." + key, "operator " + operator.wireName() + " " + usage + ", not '" + key + "'");
            }
        }
        for (String key : expected) {
            if (!present.contains(key)) {
                error(at + "." + key, "is missing: operator " + operator.wireName() + " " + usage);
            }
        }
        List<TypedValue> values = new ArrayList<>();
        switch (operator.arity()) {
            case NONE -> { }
            case ONE -> {
                if (c.has("value")) {
                    typed(c.get("value"), at + ".value", type).ifPresent(values::add);
                }
            }
            case LIST -> {
                JsonNode list = c.get("values");
                if (list != null && (!list.isArray() || list.isEmpty())) {
                    error(at + ".values", "must be a non-empty list, found " + kind(list));
                } else if (list != null) {
                    for (int i = 0; i < list.size(); i++) {
                        typed(list.get(i), at + ".values[" + i + "]", type).ifPresent(values::add);
                    }
                }
            }
            case RANGE -> {
                if (c.has("min") && c.has("max")) {
                    typed(c.get("min"), at + ".min", type).ifPresent(values::add);
                    typed(c.get("max"), at + ".max", type).ifPresent(values::add);
                }
            }
        }
        return values;
    }

    private Optional<TypedValue> typed(JsonNode value, String at, ValueType type) {
        Optional<TypedValue> result = TypedValues.parse(value, type);
        if (result.isEmpty()) {
            error(at, describe(value) + " is not a " + type.wireName() + "; " + TypedValues.expectation(type));
        }
        return result;
    }

    private String requiredText(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            error(key, "is missing");
            return null;
        }
        if (!value.isTextual()) {
            error(key, "must be a string, found " + kind(value));
            return null;
        }
        return value.textValue();
    }

    private String optionalText(String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            error(key, "must be a string, found " + kind(value));
            return fallback;
        }
        return value.textValue();
    }

    private <E> E enumValue(String key, E fallback, Function<String, Optional<E>> lookup, String allowed) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        Optional<E> parsed = value.isTextual() ? lookup.apply(value.textValue()) : Optional.empty();
        if (parsed.isEmpty()) {
            error(key, "unknown " + key + " " + describe(value) + "; allowed: " + allowed);
            return fallback;
        }
        return parsed.get();
    }

    private void error(String location, String message) {
        failed = true;
        errors.add(new RuleError(ruleId, location, message));
    }

    private static int compare(TypedValue a, TypedValue b) {
        return switch (a.type()) {
            case NUMBER -> Double.compare(a.asNumber(), b.asNumber());
            case TIMESTAMP -> a.asInstant().compareTo(b.asInstant());
            default -> 0;
        };
    }

    private static String prefix(String location) {
        return location.isEmpty() ? "" : location + ".";
    }
}
