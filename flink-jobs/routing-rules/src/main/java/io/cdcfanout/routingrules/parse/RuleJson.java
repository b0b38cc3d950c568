package io.cdcfanout.routingrules.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.routingrules.model.Condition;
import io.cdcfanout.routingrules.model.Condition.Group;
import io.cdcfanout.routingrules.model.Condition.Predicate;
import io.cdcfanout.routingrules.model.ConditionLogic;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.TypedValue;
import io.cdcfanout.routingrules.model.ValueType;
import java.util.List;

/**
 * Writes a rule's routing part (id, name, output topic, conditions) back in the rules-file format, as
 * one line of JSON that {@link RuleParser} reads into the same id, name, topic and conditions: how
 * the generated SQL hands the rules to the routing job's {@code ROUTE_EVENT} function.
 */
public final class RuleJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RuleJson() {}

    /** The rule's id, name, output topic and conditions as one line of JSON. */
    public static String write(Rule rule) {
        ObjectNode node = NODES.objectNode();
        node.put("id", rule.id());
        node.put("name", rule.name());
        node.put("outputTopic", rule.outputTopic());
        conditions(node, rule.condition());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings, numbers and booleans always serializes", e);
        }
    }

    private static void conditions(ObjectNode node, Group group) {
        if (group.logic() != ConditionLogic.AND) {
            node.put("conditionLogic", group.logic().name());
        }
        ArrayNode conditions = node.putArray("conditions");
        for (Condition condition : group.conditions()) {
            ObjectNode child = conditions.addObject();
            switch (condition) {
                case Group nested -> conditions(child, nested);
                case Predicate predicate -> predicate(child, predicate);
            }
        }
    }

    private static void predicate(ObjectNode node, Predicate p) {
        node.put("field", p.field().text());
        node.put("operator", p.operator().wireName());
        if (p.valueType() != ValueType.STRING) {
            node.put("valueType", p.valueType().wireName());
        }
        List<TypedValue> values = p.values();
        switch (p.operator().arity()) {
            case NONE -> { }
            case ONE -> node.set("value", value(values.getFirst()));
            case LIST -> values.forEach(v -> node.withArray("values").add(value(v)));
            case RANGE -> {
                node.set("min", value(values.get(0)));
                node.set("max", value(values.get(1)));
            }
        }
    }

    private static JsonNode value(TypedValue value) {
        return switch (value.type()) {
            case STRING -> NODES.textNode(value.asString());
            case NUMBER -> NODES.numberNode(value.asNumber());
            case BOOLEAN -> NODES.booleanNode(value.asBoolean());
            case TIMESTAMP -> NODES.textNode(value.asInstant().toString());
        };
    }
}
