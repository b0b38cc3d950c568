package io.cdcfanout.routingjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.model.RuleSet;
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
 * Flink's EXPLAIN of the generated routing SQL: each record's JSON is parsed by one node of the
 * job, the view's Calc, which every INSERT reuses; the rule count changes only the per-rule
 * filters on the view's columns, not how often the JSON is parsed. Without the generated
 * {@code SET} of {@link SqlGenerator#SHARED_VIEW_OPTION}, Flink inlines the view into each INSERT
 * (at 200 rules: 201 Calcs calling JSON_VALUE 560 times per record) and this test fails.
 */
class RoutingPlanTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 50, 200})
    void everyInsertReusesTheOneCalcThatParsesTheJson(int ruleCount) throws Exception {
        RuleSet rules = BenchmarkRules.of(ruleCount);
        List<String> plan = executionPlan(new SqlGenerator(SqlTarget.FLINK, GeneratorOptions.defaults()).generate(rules));

        List<String> parsing = plan.stream().filter(line -> line.contains("JSON_VALUE(") || line.contains("IS JSON")).toList();
        assertThat(parsing).as("plan nodes that parse the JSON").hasSize(1);
        assertThat(parsing.getFirst()).startsWith("Calc(");
        assertThat(plan.get(plan.indexOf(parsing.getFirst()) + 1)).contains("TableSourceScan(");
        // One read of the source feeds that Calc, and every INSERT (one per rule, plus the dead-letter one) reads the Calc's
        // columns through Reused(...) references: Flink also shares the filters that identical conditions have in common.
        assertThat(plan.stream().filter(line -> line.contains("TableSourceScan("))).hasSize(1);
        assertThat(plan.stream().filter(line -> line.startsWith("Sink("))).hasSize(rules.deployable().size() + 1);
    }

    /** The lines of the optimized execution plan of the routing statement set. */
    private static List<String> executionPlan(GeneratedSql sql) {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        GeneratedSql.statements(RoutingJob.fill(sql.connectors(), Map.of(RoutingJob.BOOTSTRAP_VARIABLE, "localhost:1"))).forEach(tables::executeSql);
        List<String> routing = GeneratedSql.statements(sql.routing());
        routing.subList(0, routing.size() - 1).forEach(statement -> RoutingJob.execute(tables, statement));
        String statementSet = routing.getLast().replaceFirst("^EXECUTE ", "");
        String explained = tables.executeSql("EXPLAIN " + statementSet).collect().next().getField(0).toString();
        String execution = explained.substring(explained.indexOf("== Optimized Execution Plan =="));
        return execution.lines().map(String::strip).toList();
    }
}
