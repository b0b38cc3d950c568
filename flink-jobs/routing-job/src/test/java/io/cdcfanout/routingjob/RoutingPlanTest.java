package io.cdcfanout.routingjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.sql.GeneratedSql;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import io.cdcfanout.routingrules.sql.SqlTarget;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flink's EXPLAIN of the generated routing SQL (self-managed Flink target): each record is parsed
 * once, by one call of the routing function (a Correlate on the one source scan), whatever the rule
 * count; no plan node parses the JSON with Flink's own JSON functions (each of which parses the
 * whole value again); the matching routes go to one Kafka sink. The rule count changes only the
 * function's argument, not how often a record is parsed nor how many sinks write.
 */
class RoutingPlanTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 50, 200})
    void eachRecordIsParsedOnceByTheRoutingFunctionAndOneSinkWritesEveryRoute(int ruleCount) throws Exception {
        List<String> plan = executionPlan(new SqlGenerator(SqlTarget.FLINK, GeneratorOptions.defaults()).generate(BenchmarkRules.of(ruleCount)));

        assertThat(plan).as("plan nodes that parse the JSON with Flink's JSON functions")
                .noneMatch(line -> line.contains("JSON_VALUE(") || line.contains("JSON_EXISTS(") || line.contains("IS JSON"));
        List<String> routing = plan.stream().filter(line -> line.contains(SqlGenerator.ROUTE_FUNCTION + "(")).toList();
        assertThat(routing).as("plan nodes that call the routing function").singleElement().asString().startsWith("Correlate(");
        assertThat(plan.subList(plan.indexOf(routing.getFirst()) + 1, plan.size()).stream().takeWhile(line -> !line.startsWith("TableSourceScan(")))
                .as("nodes between the source and the routing function").allMatch(line -> line.startsWith("Calc("));
        assertThat(plan.stream().filter(line -> line.startsWith("TableSourceScan("))).as("reads of the source").hasSize(1);
        assertThat(plan.stream().filter(line -> line.startsWith("Sink("))).as("sinks").singleElement().asString()
                .contains(SqlGenerator.SHARED_SINK);
    }

    /** The nodes of the optimized execution plan of the routing statement set, one per line, without the tree's indentation. */
    private static List<String> executionPlan(GeneratedSql sql) {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        GeneratedSql.statements(RoutingJob.fill(sql.connectors(), Map.of(RoutingJob.BOOTSTRAP_VARIABLE, "localhost:1"))).forEach(tables::executeSql);
        List<String> routing = GeneratedSql.statements(sql.routing());
        routing.subList(0, routing.size() - 1).forEach(statement -> RoutingJob.execute(tables, statement));
        String statementSet = routing.getLast().replaceFirst("^EXECUTE ", "");
        String explained = tables.executeSql("EXPLAIN " + statementSet).collect().next().getField(0).toString();
        String execution = explained.substring(explained.indexOf("== Optimized Execution Plan =="));
        return execution.lines().map(line -> line.replaceFirst("^[ +|-]*", "")).toList();
    }
}
