package io.cdcfanout.routingjob.route;

import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.FieldRef;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import io.cdcfanout.routingrules.sql.HeaderValue;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * {@code ROUTE_EVENT(event, cdc_operation, rules)}: one row per rule the event matches
 * ({@code topic, rule_id, rule_name}, {@code error} null), or, for a value that is not a JSON event,
 * one row with only {@code error} ({@link SqlGenerator#MALFORMED}). {@code rules} are the rules, each as
 * JSON ({@code RuleJson}, as the generator writes them; null: none). The rules' own evaluator
 * ({@link RuleEvaluator}) tests them all on one parse of the event, so the cost per record grows with
 * the rules' conditions, not with one JSON parse per tested field, and rows exist only for matches.
 */
@FunctionHint(output = @DataTypeHint("ROW<topic STRING, rule_id STRING, rule_name STRING, error STRING>"))
public final class RouteEventFunction extends TableFunction<Row> {

    private static final Row MALFORMED = Row.of(null, null, null, SqlGenerator.MALFORMED);

    private String[] rulesText;
    private RuleEvaluator evaluator;
    /** The row of each rule, made once: the collector copies what it emits. */
    private Map<Rule, Row> routes;

    public void eval(String event, String cdcOperation, String[] rules) {
        RuleEvaluator.Routing routing = evaluator(rules).route(event, cdcOperation == null ? Map.of() : Map.of(FieldRef.CDC_OPERATION_HEADER, cdcOperation));
        if (!routing.wellFormed()) {
            collect(MALFORMED);
            return;
        }
        for (Rule rule : routing.rules()) {
            collect(routes.get(rule));
        }
    }

    /** The evaluator of these rules; the generated SQL passes a literal, so they are parsed once per task. */
    private RuleEvaluator evaluator(String[] rules) {
        if (evaluator == null || !Arrays.equals(rules, rulesText)) {
            RuleSet parsed;
            try {
                String list = rules == null ? "[]" : "[" + String.join(",", rules) + "]";
                parsed = new RuleParser(Set.of()).parse(list, true, "the rules argument of ROUTE_EVENT");
            } catch (RulesException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            routes = new IdentityHashMap<>();
            parsed.deployable().forEach(rule -> routes.put(rule, Row.of(rule.outputTopic(), rule.id(), HeaderValue.bounded(rule.name()), null)));
            evaluator = new RuleEvaluator(parsed);
            rulesText = rules;
        }
        return evaluator;
    }
}
