package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.terraform.HclFile.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Flink statements Terraform deploys are exactly the statements of the generated Confluent Cloud SQL. */
class FlinkStatementsTest {

    private static final List<Block> BLOCKS = HclFile.parseDirectory(Repo.CONFLUENT_CLOUD);
    static final Path MODULE = Repo.CONFLUENT_CLOUD.resolve("modules/generated-sql");
    private static final List<Block> MODULE_BLOCKS = HclFile.parseDirectory(MODULE);

    @Test
    void everyFlinkStatementResourceDeploysAStatementCutFromTheGeneratedSql() {
        List<Block> statements = resources("confluent_flink_statement");

        assertThat(statements).extracting(b -> b.label(1)).containsExactlyInAnyOrder("ddl", "view", "routing");
        for (Block statement : statements) {
            assertThat(statement.attribute("statement")).as(statement.label(1)).contains("each.value");
            assertThat(statement.attribute("for_each")).as(statement.label(1))
                    .hasValueSatisfying(v -> assertThat(v).isIn("local.flink_ddl", "local.flink_views", "local.flink_dml"));
        }
        assertThat(local(BLOCKS, "flink_ddl")).isEqualTo("module.generated_sql.ddl");
        assertThat(local(BLOCKS, "flink_views")).isEqualTo("module.generated_sql.views");
        assertThat(local(BLOCKS, "flink_dml")).isEqualTo("module.generated_sql.dml");
        assertThat(output("ddl")).isEqualTo("{ for name, s in local.statements : name => s if startswith(s, \"CREATE TABLE\") }");
        assertThat(output("views")).isEqualTo("{ for name, s in local.statements : name => s if startswith(s, \"CREATE VIEW\") }");
        assertThat(output("dml")).isEqualTo("{ for name, s in local.statements : name => s if !startswith(s, \"CREATE\") }");
        assertThat(local(MODULE_BLOCKS, "statements")).contains("for s in local.generated_statements :").contains("=> s");
    }

    @Test
    void terraformReadsEveryGeneratedConfluentCloudFileAndNoOtherSql() throws IOException {
        Block module = BLOCKS.stream().filter(b -> b.type().equals("module") && b.label(0).equals("generated_sql")).findFirst().orElseThrow();
        assertThat(module.attribute("source")).contains("\"./modules/generated-sql\"");
        String sqlDir = unquote(module.attribute("sql_dir").orElseThrow()).replace("${path.module}", Repo.CONFLUENT_CLOUD.toString());
        assertThat(Path.of(sqlDir).normalize()).isEqualTo(Repo.GENERATED_CONFLUENT_CLOUD_SQL);

        TreeSet<String> read = new TreeSet<>();
        Matcher file = Pattern.compile("file\\(\"\\$\\{var\\.sql_dir}/([^\"]+)\"\\)").matcher(allTerraformText(MODULE));
        while (file.find()) {
            read.add(file.group(1));
        }
        try (Stream<Path> files = Files.list(Repo.GENERATED_CONFLUENT_CLOUD_SQL)) {
            assertThat(read).containsExactlyElementsOf(files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertThat(allTerraformText(Repo.CONFLUENT_CLOUD) + allTerraformText(MODULE))
                .doesNotContainPattern("(?i)statement\\s*=\\s*(\"|<<)")
                .doesNotContainPattern("(?i)file\\(\"(?!\\$\\{var\\.sql_dir}/)[^\"]*\\.sql\"\\)");
        assertThat(local(MODULE_BLOCKS, "generated_statements"))
                .contains("regexall(local.statement_pattern, local.connectors_sql)")
                .contains("regexall(local.statement_pattern, local.routing_sql)");
    }

    @Test
    void theStatementsTerraformCutsAreExactlyTheGeneratedStatementsInOrder() {
        for (String file : List.of("connectors.sql", "routing.sql")) {
            String sql = Repo.read(Repo.GENERATED_CONFLUENT_CLOUD_SQL.resolve(file));

            List<String> deployed = terraformCut(sql);

            assertThat(deployed).as(file).isNotEmpty().containsExactlyElementsOf(SqlStatements.split(sql));
        }
    }

    @Test
    void deployedStatementNamesAreUniqueSoNoStatementShadowsAnother() {
        List<String> names = new ArrayList<>();
        for (String file : List.of("connectors.sql", "routing.sql")) {
            for (String statement : terraformCut(Repo.read(Repo.GENERATED_CONFLUENT_CLOUD_SQL.resolve(file)))) {
                Matcher named = Pattern.compile("^\\w+(?: TEMPORARY)? \\w+(?: IF NOT EXISTS)? `([^`]+)`").matcher(statement);
                names.add(statement.startsWith("EXECUTE STATEMENT SET") ? "routing" : named.find() ? named.group(1) : "?" + statement);
            }
        }
        assertThat(names).doesNotHaveDuplicates().noneMatch(n -> n.startsWith("?"));
    }

    @Test
    void terraformsCutKeepsAStatementSetWholeAndIgnoresCommentsBetweenStatements() {
        String sql = """
                -- header comment; with a semicolon
                CREATE TABLE `a` (
                  `x` STRING
                );

                EXECUTE STATEMENT SET
                BEGIN
                -- rule one
                INSERT INTO `a` SELECT CASE WHEN `x` = 'v;w' THEN 1 END FROM `b`;
                INSERT INTO `c` SELECT `x` FROM `b`;
                END;
                """;

        assertThat(terraformCut(sql)).hasSize(2).containsExactlyElementsOf(SqlStatements.split(sql));
        assertThat(terraformCut(sql).get(1)).startsWith("EXECUTE STATEMENT SET").endsWith("END;").contains("INSERT INTO `c`");
    }

    @Test
    void theReferenceSplitterRejectsATrailingStatementWithoutSemicolon() {
        assertThatThrownBy(() -> SqlStatements.split("CREATE TABLE `a` (`x` STRING);\nINSERT INTO `a` SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INSERT INTO `a` SELECT 1");
        assertThatThrownBy(() -> SqlStatements.split("SELECT 'open;"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }

    /** Applies Terraform's statement_pattern (RE2 syntax that java.util.regex reads the same way) like regexall. */
    private static List<String> terraformCut(String sql) {
        Matcher matcher = Pattern.compile(hclString(local(MODULE_BLOCKS, "statement_pattern"))).matcher(sql);
        List<String> statements = new ArrayList<>();
        while (matcher.find()) {
            statements.add(matcher.group());
        }
        return statements;
    }

    static List<Block> resources(String type) {
        return BLOCKS.stream().filter(b -> b.type().equals("resource") && b.label(0).equals(type)).toList();
    }

    static String local(List<Block> blocks, String name) {
        return blocks.stream().filter(b -> b.type().equals("locals"))
                .map(b -> b.attributes().get(name)).filter(v -> v != null).findFirst()
                .orElseThrow(() -> new AssertionError("no local." + name));
    }

    private static String output(String name) {
        return MODULE_BLOCKS.stream().filter(b -> b.type().equals("output") && b.label(0).equals(name))
                .map(b -> b.attribute("value").orElseThrow()).findFirst()
                .orElseThrow(() -> new AssertionError("no output " + name + " in " + MODULE));
    }

    private static String allTerraformText(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".tf")).sorted().map(Repo::read).reduce("", String::concat);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String unquote(String literal) {
        assertThat(literal).startsWith("\"").endsWith("\"");
        return literal.substring(1, literal.length() - 1);
    }

    /** The value of an HCL string literal without interpolation: only backslash escapes. */
    static String hclString(String literal) {
        String body = unquote(literal);
        Map<Character, String> escapes = Map.of('\\', "\\", '"', "\"", 'n', "\n", 't', "\t");
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                value.append(escapes.get(body.charAt(++i)));
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }
}
