package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratedSql;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import io.cdcfanout.routingrules.sql.SqlTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lets tofu/terraform itself evaluate the module that cuts the generated SQL (it needs no provider) and
 * compares its statements with an independent splitter: what Terraform deploys is exactly the generated SQL,
 * also where RE2 and java.util.regex could differ.
 */
class FlinkStatementsIT {

    private Path binary;

    @BeforeEach
    void findBinary() {
        binary = TerraformBinary.require();
    }

    @Test
    void terraformEvaluatesTheGeneratedSqlIntoExactlyTheGeneratedStatements(@TempDir Path evalDir) throws Exception {
        JsonNode outputs = evaluate(evalDir, Repo.GENERATED_CONFLUENT_CLOUD_SQL);

        assertCutExactly(outputs, Repo.GENERATED_CONFLUENT_CLOUD_SQL);
        assertThat(outputs.path("source_tables").path("value").toString()).isEqualTo("[\"raw-business-events\"]");
        assertThat(outputs.path("sink_tables").path("value").toString()).contains("\"raw-business-events-dlq\"");
    }

    /** Rule text full of quotes, semicolons, comment markers and END; that the parser accepts cannot move a cut. */
    @Test
    void hostileButAcceptedRuleTextLeavesTheCutStatementsIntact(@TempDir Path evalDir, @TempDir Path sqlDir) throws Exception {
        Path rules = Repo.ROOT.resolve("flink-jobs/routing-rules/src/test/resources/hostile-accepted-rules.yaml");
        GeneratedSql sql = new SqlGenerator(SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults())
                .generate(new RuleParser(Set.of()).parse(rules));
        Files.writeString(sqlDir.resolve(GeneratedSql.CONNECTORS_FILE), sql.connectors());
        Files.writeString(sqlDir.resolve(GeneratedSql.ROUTING_FILE), sql.routing());

        JsonNode outputs = evaluate(evalDir, sqlDir);

        assertCutExactly(outputs, sqlDir);
        assertThat(strings(outputs.path("dml").path("value")).get("routing")).startsWith("EXECUTE STATEMENT SET").endsWith("END;");
    }

    /** Terraform's statements are exactly the literal-aware splitter's, sorted into DDL, views and one DML. */
    private static void assertCutExactly(JsonNode outputs, Path sqlDir) {
        List<String> expected = new ArrayList<>();
        for (String file : List.of(GeneratedSql.CONNECTORS_FILE, GeneratedSql.ROUTING_FILE)) {
            expected.addAll(SqlStatements.split(Repo.read(sqlDir.resolve(file))));
        }
        Map<String, String> statements = strings(outputs.path("statements").path("value"));
        Map<String, String> ddl = strings(outputs.path("ddl").path("value"));
        Map<String, String> views = strings(outputs.path("views").path("value"));
        Map<String, String> dml = strings(outputs.path("dml").path("value"));

        assertThat(statements.values()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ddl.keySet()).doesNotContainAnyElementsOf(dml.keySet());
        assertThat(views.keySet()).doesNotContainAnyElementsOf(ddl.keySet()).doesNotContainAnyElementsOf(dml.keySet());
        assertThat(views.values()).allSatisfy(view -> assertThat(view).startsWith("CREATE VIEW IF NOT EXISTS"));
        Map<String, String> deployed = new TreeMap<>(ddl);
        deployed.putAll(views);
        deployed.putAll(dml);
        assertThat(deployed).isEqualTo(new TreeMap<>(statements));
        assertThat(dml).containsOnlyKeys("routing");
    }

    /** Outside the source tree, so that fmt -check of infra/terraform never sees this scratch module. */
    private JsonNode evaluate(Path evalDir, Path sqlDir) throws Exception {
        String module = evalDir.relativize(Repo.CONFLUENT_CLOUD.resolve("modules/generated-sql")).toString();
        // A root module holding only the provider-free module: init needs no download, apply creates nothing.
        Files.writeString(evalDir.resolve("main.tf"), """
                module "sql" {
                  source  = "%s"
                  sql_dir = "%s"
                }
                output "statements" { value = module.sql.statements }
                output "ddl" { value = module.sql.ddl }
                output "views" { value = module.sql.views }
                output "dml" { value = module.sql.dml }
                output "source_tables" { value = module.sql.source_tables }
                output "sink_tables" { value = module.sql.sink_tables }
                """.formatted(module, sqlDir));
        for (String[] step : List.of(
                new String[] {"init", "-input=false", "-no-color"},
                new String[] {"apply", "-auto-approve", "-input=false", "-no-color"})) {
            TerraformBinary.Result result = TerraformBinary.run(binary, evalDir, step);
            assertThat(result.exitCode()).as("%s %s:%n%s", binary, step[0], result.output()).isZero();
        }
        TerraformBinary.Result output = TerraformBinary.run(binary, evalDir, "output", "-json", "-no-color");
        assertThat(output.exitCode()).as(output.output()).isZero();
        return new ObjectMapper().readTree(output.output());
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new TreeMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
