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
 * Flink's EXPLAIN of the generated routing SQL (self-managed Flink target): each record's JSON is
 * parsed by one node of the job, the view's Calc, whatever the rule count; every JSON rule is then
 * tested once per record and the matching routes go to one Kafka sink. The rule count changes only
 * the expressions of the routing Calc, not how often the JSON is parsed nor how many sinks write.
 */
class RoutingPlanTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 50, 200})
    void theJsonIsParsedByOneCalcAndOneSinkWritesEveryRoute(int ruleCount) throws Exception {
        List<String> plan = executionPlan(new SqlGenerator(SqlTarget.FLINK, GeneratorOptions.defaults()).generate(BenchmarkRules.of(ruleCount)));

        List<String> parsing = plan.stream().filter(line -> line.contains("JSON_VALUE(") || line.contains("IS JSON")).toList();
        assertThat(parsing).as("plan nodes that parse the JSON").hasSize(1);
        assertThat(parsing.getFirst()).startsWith("Calc(");
        assertThat(plan.get(plan.indexOf(parsing.getFirst()) + 1)).startsWith("TableSourceScan(");
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
