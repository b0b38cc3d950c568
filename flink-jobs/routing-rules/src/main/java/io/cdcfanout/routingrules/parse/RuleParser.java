package io.cdcfanout.routingrules.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a rules file (YAML or JSON) into a {@link RuleSet}, collecting every
 * problem with the rule, the place inside it, what is wrong and what is allowed.
 *
 * <p>The file is either {@code {"rules": [ … ]}}, a list of rules, or a single rule in the
 * reference filter format ({@code id, name, consumerId, outputTopic, enabled, status,
 * conditions[{field, operator, value | values | min/max, valueType}], conditionLogic}). A
 * condition that has {@code conditions} instead of {@code field} is a nested group with its own
 * {@code conditionLogic}.
 */
public final class RuleParser {

    private static final Set<String> FILE_FIELDS = Set.of("rules", "$comment", "version");

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private final Set<String> reservedTopics;

    /**
     * @param reservedTopics topics no rule may write to (the source and the dead-letter topic:
     *     routing into them would loop or hide failures)
     */
    public RuleParser(Set<String> reservedTopics) {
        this.reservedTopics = Set.copyOf(reservedTopics);
    }

    /** Reads a {@code .yaml}/{@code .yml} or {@code .json} file. */
    public RuleSet parse(Path file) throws IOException, RulesException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(Files.readString(file), name.endsWith(".json"), file.toString());
    }

    /**
     * Parses rules text.
     *
     * @param json whether the text is JSON (else YAML)
     * @param source names the text in error messages
     */
    public RuleSet parse(String text, boolean json, String source) throws RulesException {
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new RulesException(source, List.of(new RuleError(null, null,
                    "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
                            + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""))));
        }
        List<RuleError> errors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        JsonNode ruleNodes = ruleNodes(root, errors);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; ruleNodes != null && i < ruleNodes.size(); i++) {
            Rule rule = new RuleReader(ruleNodes.get(i), i, errors, reservedTopics).read();
            if (rule != null) {
                Integer first = ids.putIfAbsent(rule.id(), i);
                if (first != null) {
                    errors.add(new RuleError(rule.id(), "id", "duplicate id: rules[" + first + "] and rules[" + i
                            + "] both use it; ids must be unique"));
                } else {
                    rules.add(rule);
                }
            }
        }
        Map<String, Rule> formatOfTopic = new HashMap<>();
        for (Rule rule : rules) {
            Rule other = formatOfTopic.putIfAbsent(rule.outputTopic(), rule);
            if (other != null && other.outputFormat() != rule.outputFormat()) {
                errors.add(new RuleError(rule.id(), "outputFormat", "'" + rule.outputFormat().wireName() + "' conflicts with rule '"
                        + other.id() + "', which writes '" + other.outputFormat().wireName() + "' to the same topic '"
                        + rule.outputTopic() + "'; one topic has one format"));
            }
        }
        if (errors.isEmpty() && rules.isEmpty()) {
            errors.add(new RuleError(null, null, "contains no rules"));
        }
        if (!errors.isEmpty()) {
            throw new RulesException(source, errors);
        }
        return new RuleSet(rules);
    }

    private static JsonNode ruleNodes(JsonNode root, List<RuleError> errors) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            errors.add(new RuleError(null, null, "is empty; expected {\"rules\": [...]}, a list of rules or one rule"));
            return null;
        }
        if (root.isArray()) {
            return root;
        }
        if (root.isObject() && root.has("rules")) {
            unknownFields(root, FILE_FIELDS, null, "", errors);
            if (!root.get("rules").isArray()) {
                errors.add(new RuleError(null, "rules", "must be a list of rules, found " + kind(root.get("rules"))));
                return null;
            }
            return root.get("rules");
        }
        if (root.isObject()) {
            return JSON.createArrayNode().add(root);
        }
        errors.add(new RuleError(null, null, "expected {\"rules\": [...]}, a list of rules or one rule, found " + kind(root)));
        return null;
    }

    static void unknownFields(JsonNode object, Set<String> allowed, String ruleId, String location, List<RuleError> errors) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new RuleError(ruleId, location + printable(name), "unknown field; allowed here: "
                        + allowed.stream().sorted().toList()));
            }
        }
    }

    /** A value as it appears in the file, shortened and with control characters escaped. */
    static String describe(JsonNode value) {
        String text = value.toString();
        return printable(text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "the string " + describe(node);
            case NUMBER -> "the number " + node;
            case BOOLEAN -> "the boolean " + node;
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
