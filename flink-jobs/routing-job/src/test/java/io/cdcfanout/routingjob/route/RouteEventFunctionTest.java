package io.cdcfanout.routingjob.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.ArrayDataSerializer;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** ROUTE_EVENT on its own: rows for matching rules only, and a dead-letter row, never an exception, for any value that is not an event. */
class RouteEventFunctionTest {

    private static final ArrayData RULES = rules(
            "{\"id\":\"cars\",\"name\":\"Cars\",\"outputTopic\":\"cars\",\"conditions\":[{\"field\":\"eventType\",\"operator\":\"equals\",\"value\":\"CarCreated\"}]}",
            "{\"id\":\"updates\",\"name\":\"Updates\",\"outputTopic\":\"updates\",\"conditions\":[{\"field\":\"cdc.operation\",\"operator\":\"equals\",\"value\":\"u\"}]}");

    private final RouteEventFunction function = new RouteEventFunction();
    private final List<Row> rows = new ArrayList<>();

    RouteEventFunctionTest() {
        function.setCollector(new Collector<>() {
            @Override
            public void collect(Row row) {
                rows.add(row);
            }

            @Override
            public void close() {}
        });
    }

    @Test
    void oneRowPerMatchingRule() {
        function.eval(event("{\"eventHeader\":{\"eventType\":\"CarCreated\"}}"), "u", RULES);
        assertThat(rows).containsExactly(Row.of("cars", "cars", "Cars", null), Row.of("updates", "updates", "Updates", null));
    }

    @Test
    void noRowWhenNoRuleMatches() {
        function.eval(event("{\"eventHeader\":{\"eventType\":\"LoanCreated\"}}"), null, RULES);
        assertThat(rows).isEmpty();
    }

    @Test
    void valuesThatAreNotEventsGetOneDeadLetterRow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String huge = "{\"eventHeader\":{\"eventType\":\"CarCreated\"},\"pad\":\"" + "x".repeat(30_000_000) + "\"}";
        List<String> values = java.util.Arrays.asList(null, "", "not json", "[1]", "{\"eventHeader\":{}}", "{\"eventHeader\":{\"eventType\":{}}}", deep, huge);
        for (String value : values) {
            function.eval(value == null ? null : event(value), null, RULES);
        }
        assertThat(rows).hasSize(values.size()).containsOnly(Row.of(null, null, null, SqlGenerator.MALFORMED));
    }

    @Test
    void rulesWithTheSameTextAsOtherObjectsAreTheSameRules() {
        function.eval(event("{\"eventHeader\":{\"eventType\":\"CarCreated\"}}"), null, RULES);
        function.eval(event("{\"eventHeader\":{\"eventType\":\"CarCreated\"}}"), null, rules(RULES.getString(0).toString()));
        assertThat(rows).containsExactly(Row.of("cars", "cars", "Cars", null), Row.of("cars", "cars", "Cars", null));
    }

    @Test
    void rulesAsFlinksBinaryArrayAreComparedByTheirBytes() {
        ArrayDataSerializer binary = new ArrayDataSerializer(new VarCharType(VarCharType.MAX_LENGTH));
        String[] text = {RULES.getString(0).toString(), RULES.getString(1).toString()};
        String all = "{\"id\":\"all\",\"name\":\"All\",\"outputTopic\":\"all\",\"conditions\":[{\"field\":\"eventType\",\"operator\":\"exists\"}]}";
        String car = "{\"eventHeader\":{\"eventType\":\"CarCreated\"}}";
        function.eval(event(car), "u", binary.toBinaryArray(rules(text)));
        function.eval(event(car), "u", binary.toBinaryArray(rules(text)));
        function.eval(event(car), "u", binary.toBinaryArray(rules(all)));
        assertThat(rows).containsExactly(Row.of("cars", "cars", "Cars", null), Row.of("updates", "updates", "Updates", null),
                Row.of("cars", "cars", "Cars", null), Row.of("updates", "updates", "Updates", null), Row.of("all", "all", "All", null));
    }

    @Test
    void otherRulesOfALaterCallAreParsedAndUsed() {
        function.eval(event("{\"eventHeader\":{\"eventType\":\"CarCreated\"}}"), null, RULES);
        function.eval(event("{\"eventHeader\":{\"eventType\":\"CarCreated\"}}"), null,
                rules("{\"id\":\"all\",\"name\":\"All\",\"outputTopic\":\"all\",\"conditions\":[{\"field\":\"eventType\",\"operator\":\"exists\"}]}"));
        assertThat(rows).containsExactly(Row.of("cars", "cars", "Cars", null), Row.of("all", "all", "All", null));
    }

    @Test
    void rulesThatDoNotParseFailWithTheParsersMessage() {
        assertThatThrownBy(() -> function.eval(event("{}"), null, rules("{\"id\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputTopic");
    }

    @Test
    void aValueThatIsNotUtf8IsNotAnEvent() {
        byte[] latin1 = "{\"eventHeader\":{\"eventType\":\"CarCreated\"},\"name\":\"Müller\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        function.eval(StringData.fromBytes(latin1), null, RULES);
        assertThat(rows).containsExactly(Row.of(null, null, null, SqlGenerator.MALFORMED));
    }

    /** An event value as Flink passes it. */
    private static StringData event(String json) {
        return StringData.fromString(json);
    }

    /** The rules argument as Flink passes it. */
    private static ArrayData rules(String... json) {
        return new GenericArrayData(java.util.Arrays.stream(json).map(StringData::fromString).toArray());
    }
}
