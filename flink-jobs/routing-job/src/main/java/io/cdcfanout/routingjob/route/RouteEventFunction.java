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
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryArrayData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
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

    /** The rules argument the evaluator was made from, each element as Flink passed it. */
    private StringData[] rulesData;
    /** The same rules as Flink's binary array, when it passed one. */
    private MemorySegment[] rulesBinary;
    private RuleEvaluator evaluator;
    /** The row of each rule, made once: the collector copies what it emits. */
    private Map<Rule, Row> routes;

    /**
     * The event and the rules arrive in Flink's internal form: in a profile of a 4-rule burst, converting the event to a
     * {@code String} (decoding its UTF-8) took 8% of the task thread, the rules to a {@code String[]} 6%, about as much
     * as testing them, and more with more rules. The event's bytes are parsed as they are, the value the source read.
     */
    public void eval(@DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData event, String cdcOperation,
            @DataTypeHint(value = "ARRAY<STRING>", bridgedTo = ArrayData.class) ArrayData rules) {
        RuleEvaluator.Routing routing = evaluator(rules).route(event == null ? null : event.toBytes(),
                cdcOperation == null ? Map.of() : Map.of(FieldRef.CDC_OPERATION_HEADER, cdcOperation));
        if (!routing.wellFormed()) {
            collect(MALFORMED);
            return;
        }
        for (Rule rule : routing.rules()) {
            collect(routes.get(rule));
        }
    }

    /**
     * The evaluator of these rules, parsed once per task: the generated SQL passes a literal, the same rules on every
     * call. Flink passes it as one binary array (a new element object on every read, so no reference check would do):
     * one comparison of its bytes with those of the last rules tells that they did not change.
     */
    private RuleEvaluator evaluator(ArrayData rules) {
        if (evaluator != null && sameRules(rules)) {
            return evaluator;
        }
        int size = rules == null ? 0 : rules.size();
        StringData[] elements = new StringData[size];
        for (int i = 0; i < size; i++) {
            elements[i] = rules.isNullAt(i) ? null : rules.getString(i);
        }
        RuleSet parsed;
        try {
            String list = Arrays.stream(elements).map(rule -> rule == null ? "null" : rule.toString()).collect(Collectors.joining(",", "[", "]"));
            parsed = new RuleParser(Set.of()).parse(list, true, "the rules argument of ROUTE_EVENT");
        } catch (RulesException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        routes = new IdentityHashMap<>();
        parsed.deployable().forEach(rule -> routes.put(rule, Row.of(rule.outputTopic(), rule.id(), HeaderValue.bounded(rule.name()), null)));
        evaluator = new RuleEvaluator(parsed);
        rulesData = elements;
        rulesBinary = rules instanceof BinaryArrayData binary
                ? new MemorySegment[] {MemorySegmentFactory.wrap(BinarySegmentUtils.copyToBytes(binary.getSegments(), binary.getOffset(), binary.getSizeInBytes()))}
                : null;
        return evaluator;
    }

    private boolean sameRules(ArrayData rules) {
        if (rules instanceof BinaryArrayData binary && rulesBinary != null) {
            return binary.getSizeInBytes() == rulesBinary[0].size()
                    && BinarySegmentUtils.equals(binary.getSegments(), binary.getOffset(), rulesBinary, 0, binary.getSizeInBytes());
        }
        int size = rules == null ? 0 : rules.size();
        if (size != rulesData.length) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!Objects.equals(rules.isNullAt(i) ? null : rules.getString(i), rulesData[i])) {
                return false;
            }
        }
        return true;
    }
}
