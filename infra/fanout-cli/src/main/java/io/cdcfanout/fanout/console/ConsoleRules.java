package io.cdcfanout.fanout.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.HttpExchange;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.Condition;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.model.TypedValue;
import io.cdcfanout.routingrules.model.ValueType;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/rules} (the rules the stack runs, their conditions as text) and {@code POST /api/route-preview}
 * (an event JSON in, the topics it reaches out): the routing rules' reference evaluator, as {@code ./fanout route-preview}.
 * The rules file is read at every request, so the page follows edits the routing job is redeployed with.
 */
final class ConsoleRules {

    /** The largest event the preview accepts: events above it are not routed by the pipeline either. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    /** Strict about what follows the event, unlike the evaluator: a preview should not silently ignore half a paste. */
    private static final ObjectReader EVENT_READER = ConsoleHttp.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path rulesFile;

    ConsoleRules(Path rulesFile) {
        this.rulesFile = rulesFile;
    }

    void rules(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!ConsoleHttp.methodAllowed(exchange, "GET")) {
                return;
            }
            RuleSet rules = load(exchange);
            if (rules == null) {
                return;
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (Rule rule : rules.rules()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", rule.id());
                json.put("name", rule.name());
                json.put("consumerId", rule.consumerId());
                json.put("description", rule.description());
                json.put("outputTopic", rule.outputTopic());
                json.put("deployable", rule.deployable());
                json.put("logic", rule.condition().logic().name());
                json.put("conditions", rule.condition().conditions().stream().map(ConsoleRules::text).toList());
                list.add(json);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("file", rulesFile == null ? null : rulesFile.toString());
            body.put("sourceTopic", GeneratorOptions.SOURCE_TOPIC);
            body.put("deadLetterTopic", GeneratorOptions.DLQ_TOPIC);
            body.put("rules", list);
            ConsoleHttp.json(exchange, 200, body);
        }
    }

    void preview(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!ConsoleHttp.methodAllowed(exchange, "POST")) {
                return;
            }
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_EVENT_BYTES) {
                ConsoleHttp.text(exchange, 413, "event too large: " + declared + " bytes, at most " + MAX_EVENT_BYTES);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_EVENT_BYTES + 1);
            }
            if (body.length > MAX_EVENT_BYTES) {
                ConsoleHttp.text(exchange, 413, "event too large: more than " + MAX_EVENT_BYTES + " bytes");
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            String invalid = invalidEvent(text);
            if (invalid != null) {
                ConsoleHttp.text(exchange, 400, invalid);
                return;
            }
            RuleSet rules = load(exchange);
            if (rules == null) {
                return;
            }
            RuleEvaluator.Routing routing = new RuleEvaluator(rules).route(text, Map.of());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("wellFormed", routing.wellFormed());
            if (!routing.wellFormed()) {
                result.put("deadLetterTopic", GeneratorOptions.DLQ_TOPIC);
                result.put("reason", SqlGenerator.MALFORMED);
            }
            result.put("routes", routing.rules().stream()
                    .map(rule -> Map.of("rule", rule.id(), "topic", rule.outputTopic())).toList());
            ConsoleHttp.json(exchange, 200, result);
        }
    }

    /** Why the text is no JSON object, with line and column; null when it is one. */
    static String invalidEvent(String text) {
        if (text.isBlank()) {
            return "empty body: POST the event JSON";
        }
        try {
            JsonNode event = EVENT_READER.readTree(text);
            return event.isObject() ? null : "expected a JSON object (the event), got " + event.getNodeType().name().toLowerCase();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            return "invalid JSON at " + where + e.getOriginalMessage();
        } catch (IOException e) {
            return "invalid JSON: " + e.getMessage();
        }
    }

    private RuleSet load(HttpExchange exchange) throws IOException {
        if (rulesFile == null) {
            return new RuleSet(List.of());
        }
        try {
            return new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(rulesFile);
        } catch (RulesException | IOException e) {
            ConsoleHttp.text(exchange, 500, "routing rules " + rulesFile + " unreadable: " + e.getMessage());
            return null;
        }
    }

    /** A condition as one line of the rules file's words, e.g. {@code entity.loanAmount greaterThan 100000}. */
    static String text(Condition condition) {
        return switch (condition) {
            case Condition.Group group -> group.conditions().stream().map(ConsoleRules::text)
                    .collect(Collectors.joining(" " + group.logic().name() + " ", "(", ")"));
            case Condition.Predicate p -> (p.field().text() + " " + p.operator().wireName() + " "
                    + p.values().stream().map(ConsoleRules::value).collect(Collectors.joining(", "))
                    + (p.valueType() == ValueType.STRING ? "" : " (" + p.valueType().wireName() + ")")).strip();
        };
    }

    private static String value(TypedValue value) {
        if (value.value() instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value.value());
    }
}
