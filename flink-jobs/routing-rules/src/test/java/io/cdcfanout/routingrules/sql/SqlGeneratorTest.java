package io.cdcfanout.routingrules.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleJson;
import io.cdcfanout.routingrules.parse.RuleParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlGeneratorTest {

    private final RuleParser parser = new RuleParser(Set.of());

    private GeneratedSql generate(String rules, SqlTarget target, GeneratorOptions options) throws Exception {
        return new SqlGenerator(target, options).generate(parser.parse(rules, false, "test"));
    }

    /**
     * The SQL condition of the only rule of a one-condition rules file: an Avro rule, whose INSERT tests its
     * conditions in SQL (JSON rules do so on Confluent Cloud; on Flink, ROUTE_EVENT evaluates them).
     */
    private String where(String condition) throws Exception {
        String routing = generate("[{ id: r, outputTopic: t, outputFormat: avro, conditions: [" + condition + "] }]", SqlTarget.FLINK,
                GeneratorOptions.defaults()).routing();
        String clause = routing.substring(routing.indexOf("`avro_error` IS NULL AND ") + "`avro_error` IS NULL AND ".length());
        return clause.substring(0, clause.indexOf(";\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            { field: eventType, operator: equals, value: CarCreated }                       | (`f_eventHeader_eventType` = 'CarCreated')
            { field: eventType, operator: notEquals, value: CarCreated }                    | (`f_eventHeader_eventType` <> 'CarCreated')
            { field: eventType, operator: in, values: [A, BCD] }                            | (`f_eventHeader_eventType` = 'A' OR `f_eventHeader_eventType` = 'BCD')
            { field: eventType, operator: notIn, values: [A, BCD] }                         | (`f_eventHeader_eventType` <> 'A' AND `f_eventHeader_eventType` <> 'BCD')
            { field: entity.vin, operator: matches, value: "^5T" }                          | REGEXP(`f_entities_0_vin`, '^5T')
            { field: entity.vin, operator: startsWith, value: "5T%_" }                      | (POSITION('5T%_' IN `f_entities_0_vin`) = 1)
            { field: entity.vin, operator: isNull }                                         | (`f_entities_0_vin` IS NULL)
            { field: entity.vin, operator: isNotNull }                                      | (`f_entities_0_vin` IS NOT NULL)
            { field: entity.owner.address.state, operator: exists }                         | JSON_EXISTS(`event`, '$.entities[0].owner.address.state')
            { field: cdc.operation, operator: equals, value: u }                            | (COALESCE(DECODE(`headers`['__op'], 'UTF-8'), 'c') = 'u')
            { field: entity.x, operator: greaterThan, value: 100000, valueType: number }    | (CASE WHEN REGEXP(`f_entities_0_x`, '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$') THEN CAST(`f_entities_0_x` AS DOUBLE) END > CAST(100000.0 AS DOUBLE))
            { field: entity.x, operator: between, min: -1, max: 1e-5, valueType: number }   | (CASE WHEN REGEXP(`f_entities_0_x`, '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$') THEN CAST(`f_entities_0_x` AS DOUBLE) END >= CAST(-1.0 AS DOUBLE) AND CASE WHEN REGEXP(`f_entities_0_x`, '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$') THEN CAST(`f_entities_0_x` AS DOUBLE) END <= CAST(1.0E-5 AS DOUBLE))
            { field: entity.b, operator: equals, value: true, valueType: boolean }          | (CASE WHEN `f_entities_0_b` = 'true' OR `f_entities_0_b` = 'false' THEN `f_entities_0_b` END = 'true')
            { field: createdDate, operator: lessThanOrEqual, value: "2025-01-15T12:30:00.5+02:00", valueType: timestamp } | (CASE WHEN REGEXP(`f_eventHeader_createdDate`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$') THEN TRY_CAST(REPLACE(REPLACE(`f_eventHeader_createdDate`, 'T', ' '), 'Z', '') AS TIMESTAMP(9)) END <= TIMESTAMP '2025-01-15 10:30:00.500000000')
            """)
    void everyOperatorAndValueTypeHasItsSql(String condition, String sql) throws Exception {
        assertThat(where(condition)).isEqualTo(sql.replace("\\\\", "\\"));
    }

    /** The rule's name travels as a header of every routed record and dead letter: bounded like every header the job adds. */
    @Test
    void aVeryLongRuleNameIsCutToTheHeaderLimit() throws Exception {
        String name = "n".repeat(10_000);
        String rules = "[{ id: r, name: " + name + ", outputTopic: t, conditions: [{ field: eventType, operator: equals, value: A }] }]";
        assertThat(generate(rules, SqlTarget.FLINK, GeneratorOptions.defaults()).routing()).contains("\"name\":\"" + HeaderValue.bounded(name) + "\"")
                .doesNotContain(name);
        assertThat(generate(rules, SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()).routing())
                .contains("ENCODE('routingRuleName', 'UTF-8'), ENCODE('" + HeaderValue.bounded(name) + "', 'UTF-8')").doesNotContain(name);
    }

    @Test
    void nestedGroupsKeepTheirLogic() throws Exception {
        assertThat(where("{ conditionLogic: OR, conditions: [{ field: eventType, operator: equals, value: A }, "
                + "{ field: eventType, operator: equals, value: B }] }, { field: entity.x, operator: isNull }")).isEqualTo("""
                (
                    (
                      (`f_eventHeader_eventType` = 'A')
                      OR (`f_eventHeader_eventType` = 'B')
                    )
                    AND (`f_entities_0_x` IS NULL)
                  )""");
    }

    @Test
    void hostileValuesStayInsideOneLiteral() throws Exception {
        // Single-line (the parser refuses line breaks), but full of quotes, comment markers and END;.
        String hostile = "x' OR '1'='1'); DROP TABLE `raw-business-events`; -- END; */ \\' \u00e9 \ud83d\ude00";
        String yamlValue = hostile.replace("\\", "\\\\").replace("\"", "\\\"");
        String rules = "[{ id: r, name: \"" + yamlValue + "\", outputTopic: t, conditions: [{ field: entity.d, operator: equals, value: \""
                + yamlValue + "\" }] }]";
        String literal = "'" + hostile.replace("'", "''") + "'";
        assertThat(where("{ field: entity.d, operator: equals, value: \"" + yamlValue + "\" }")).isEqualTo("(`f_entities_0_d` = " + literal + ")");
        GeneratedSql cloud = generate(rules, SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults());
        assertThat(cloud.routing()).contains("ENCODE(" + literal + ", 'UTF-8')");
        // On Flink the rule is one JSON literal of ROUTE_EVENT's argument, read back into the same hostile value.
        GeneratedSql flink = generate(rules, SqlTarget.FLINK, GeneratorOptions.defaults());
        Rule rule = parser.parse(rules, false, "test").rules().getFirst();
        assertThat(flink.routing()).contains("'" + RuleJson.write(rule).replace("'", "''") + "'");
        assertThat(parser.parse("[" + RuleJson.write(rule) + "]", true, "back").rules().getFirst()).isEqualTo(rule);
        // The script still splits into the function and one statement set: the literal ended nowhere early.
        List<String> statements = GeneratedSql.statements(flink.routing());
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `" + SqlGenerator.ROUTE_FUNCTION + "`");
        assertThat(statements.get(1)).startsWith("EXECUTE STATEMENT SET").endsWith("END");
    }

    @Test
    void topicNamesGroupAndDeliveryGuaranteeAreOptions() throws Exception {
        String rules = "[{ id: r, outputTopic: out, conditions: [{ field: eventType, operator: exists }] }, "
                + "{ id: s, outputTopic: out, conditions: [{ field: uuid, operator: exists }] }]";
        GeneratedSql sql = generate(rules, SqlTarget.FLINK, GeneratorOptions.defaults().withSuffix("-t1").withExactlyOnce(true));
        assertThat(sql.connectors()).contains("CREATE TABLE `raw-business-events-t1`", "'topic' = 'raw-business-events-t1'",
                "CREATE TABLE `raw-business-events-dlq-t1`", "'properties.group.id' = 'cdc-fanout-routing-t1'",
                "'sink.delivery-guarantee' = 'exactly-once'", "'sink.transactional-id-prefix' = 'cdc-fanout-routing-t1-routed_records'",
                "CREATE TABLE `routed_records` (\n  `event_key` BYTES,\n  `event` STRING,\n  `headers` MAP<STRING, BYTES> METADATA,\n  `topic` STRING METADATA\n)",
                "'topic' = 'out-t1;raw-business-events-dlq-t1'");
        assertThat(sql.routing()).contains("FROM `raw-business-events-t1`", "INSERT INTO `routed_records`", "\"outputTopic\":\"out-t1\"",
                "COALESCE(`route`.`topic`, 'raw-business-events-dlq-t1')");
        assertThat(GeneratedSql.statements(sql.connectors())).hasSize(3);

        GeneratedSql cloud = generate(rules, SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults().withSuffix("-t1"));
        assertThat(cloud.connectors().split("CREATE TABLE IF NOT EXISTS `out-t1`", -1)).as("one table per topic").hasSize(2);
        assertThat(cloud.routing()).contains("INSERT INTO `out-t1`", "INSERT INTO `raw-business-events-dlq-t1`").doesNotContain("routed_records");
    }

    @Test
    void sourceResumesFromCommittedGroupOffsets() throws Exception {
        String connectors = generate("[{ id: r, outputTopic: out, conditions: [{ field: eventType, operator: exists }] }]", SqlTarget.FLINK,
                GeneratorOptions.defaults()).connectors();
        assertThat(connectors).contains("'scan.startup.mode' = 'group-offsets'", "'properties.auto.offset.reset' = 'earliest'",
                "'sink.delivery-guarantee' = 'at-least-once'", "'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}'");
    }

    @Test
    void onlyDeployableRulesAreGenerated() throws Exception {
        GeneratedSql sql = generate("""
                - { id: live, outputTopic: live, conditions: [{ field: eventType, operator: exists }] }
                - { id: disabled, outputTopic: disabled, enabled: false, conditions: [{ field: eventType, operator: exists }] }
                - { id: draft, outputTopic: draft, status: draft, conditions: [{ field: eventType, operator: exists }] }
                """, SqlTarget.FLINK, GeneratorOptions.defaults());
        assertThat(sql.routing()).contains("-- rule live").doesNotContain("-- rule disabled", "-- rule draft");
        assertThat(sql.connectors()).contains("'topic' = 'live;raw-business-events-dlq'").doesNotContain("disabled", "draft");
    }

    @Test
    void confluentCloudTablesAreTopicsWithoutConnectorOptions() throws Exception {
        GeneratedSql sql = generate("[{ id: r, outputTopic: out, conditions: [{ field: cdc.operation, operator: equals, value: u }] }]",
                SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults());
        assertThat(sql.connectors()).contains("CREATE TABLE IF NOT EXISTS `out`", "`headers` MAP<BYTES, BYTES> METADATA",
                        "DISTRIBUTED BY (`event_key`)", "'value.format' = 'raw'")
                .doesNotContain("'connector'", "bootstrap", "${");
        assertThat(sql.routing()).contains("MAP_UNION(`headers`, MAP[ENCODE('routingRuleId', 'UTF-8'), ENCODE('r', 'UTF-8')",
                "DECODE(`headers`[ENCODE('__op', 'UTF-8')], 'UTF-8')", "EXECUTE STATEMENT SET").doesNotContain(SqlGenerator.SHARED_VIEW_OPTION);
    }

    @Test
    void confluentCloudViewIsPersistentAndNamedAfterItsDefinitionBecauseEachStatementRunsAlone() throws Exception {
        String dealer = "[{ id: r, outputTopic: out, conditions: [{ field: entity.dealerId, operator: equals, value: D1 }] }]";
        String amount = "[{ id: r, outputTopic: out, conditions: [{ field: entity.loanAmount, operator: greaterThan, value: 1, valueType: number }] }]";

        String first = generate(dealer, SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()).routing();
        String again = generate(dealer, SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()).routing();
        String otherFields = generate(amount, SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()).routing();
        String flink = generate(dealer, SqlTarget.FLINK, GeneratorOptions.defaults()).routing();

        String view = first.replaceAll("(?s).*CREATE VIEW IF NOT EXISTS `(routable_events_[0-9a-f]{8})` AS.*", "$1");
        assertThat(view).matches("routable_events_[0-9a-f]{8}");
        assertThat(first).doesNotContain("TEMPORARY").contains("FROM `" + view + "`");
        assertThat(again).isEqualTo(first);
        assertThat(otherFields).doesNotContain(view);
        assertThat(flink).doesNotContain("VIEW");
    }

    @Test
    void avroOutputsEncodeWithTheJobFunctionsAndSendEventsThatDoNotFitToTheDeadLetterTopic() throws Exception {
        GeneratedSql sql = generate("""
                - { id: typed, outputTopic: out, outputFormat: avro, conditions: [{ field: eventType, operator: equals, value: CarCreated }] }
                - { id: plain, outputTopic: text, conditions: [{ field: eventType, operator: exists }] }
                """, SqlTarget.FLINK, GeneratorOptions.defaults());
        assertThat(sql.connectors()).contains("CREATE TABLE `out` (\n  `event_key` BYTES,\n  `event` BYTES,",
                "'topic' = 'text;raw-business-events-dlq'").doesNotContain("avro-confluent", "CREATE TABLE `text`");
        assertThat(sql.routing()).contains(
                "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `EVENT_AVRO_ERROR` AS 'io.cdcfanout.routingjob.avro.EventAvroErrorFunction' LANGUAGE JAVA;",
                "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `EVENT_AVRO` AS 'io.cdcfanout.routingjob.avro.EventAvroFunction' LANGUAGE JAVA;",
                "EVENT_AVRO_ERROR(`event`) AS `avro_error`",
                "SELECT `event_key`, EVENT_AVRO(`event`, 'out'), MAP_UNION(",
                "WHERE `well_formed` AND `avro_error` IS NULL AND (`f_eventHeader_eventType` = 'CarCreated');",
                """
                INSERT INTO `raw-business-events-dlq`
                SELECT `event_key`, `event`, MAP_UNION(`headers`, MAP['routingError', ENCODE(`avro_error`, 'UTF-8'), \
                'routingRuleId', ENCODE('typed', 'UTF-8'), 'routingRuleName', ENCODE('typed', 'UTF-8'), \
                'sourcePartition', ENCODE(CAST(`source_partition` AS STRING), 'UTF-8'), 'sourceOffset', ENCODE(CAST(`source_offset` AS STRING), 'UTF-8')])
                FROM `routable_events`
                WHERE `well_formed` AND `avro_error` IS NOT NULL AND (`f_eventHeader_eventType` = 'CarCreated');""",
                "-- rule plain");
        String shared = sql.routing().substring(sql.routing().indexOf("INSERT INTO `routed_records`"));
        assertThat(shared.substring(0, shared.indexOf(";\n"))).contains("-- rule plain", "SELECT\n  `event_key`,\n  `event`,\n  MAP_UNION(")
                .doesNotContain("avro_error", "-- rule typed");
    }

    @Test
    void jsonOnlyRulesAreRoutedByTheRouteFunctionWithoutParsingInSql() throws Exception {
        GeneratedSql sql = generate("[{ id: r, outputTopic: out, conditions: [{ field: eventType, operator: exists }] }]", SqlTarget.FLINK, GeneratorOptions.defaults());
        assertThat(sql.routing()).contains("CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS `ROUTE_EVENT` AS 'io.cdcfanout.routingjob.route.RouteEventFunction'",
                        "CROSS JOIN LATERAL TABLE(ROUTE_EVENT(`event`, DECODE(`headers`['__op'], 'UTF-8'), ARRAY[")
                .doesNotContain("EVENT_AVRO", "avro_error", "JSON_VALUE", "VIEW", SqlGenerator.SHARED_VIEW_OPTION);
    }

    @Test
    void confluentCloudRejectsAvroOutputsItCannotEncode() {
        assertThatThrownBy(() -> generate("[{ id: typed, outputTopic: out, outputFormat: avro, conditions: [{ field: eventType, operator: exists }] }]",
                SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule 'typed': outputFormat avro is generated for self-managed Flink only (target confluent-cloud cannot run "
                        + "the routing job's EVENT_AVRO function); use json there, or generate --target flink only");
    }

    @Test
    void fieldColumnsAreUniqueWhenPathsLookAlike() throws Exception {
        String routing = generate("[{ id: r, outputTopic: t, conditions: [{ field: entity.a_b, operator: isNull }, { field: entity.a.b, operator: isNull }] }]",
                SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()).routing();
        assertThat(routing).contains("JSON_VALUE(`event`, '$.entities[0].a_b') AS `f_entities_0_a_b`",
                "JSON_VALUE(`event`, '$.entities[0].a.b') AS `f_entities_0_a_b_2`");
    }

    @Test
    void statementsSplitOnlyOutsideLiteralsAndBlocks() {
        assertThat(GeneratedSql.statements("-- c\nCREATE TABLE `a;` (x STRING) WITH ('k' = 'v;\n-- not a comment;\n');\n\nSELECT 1;\n"
                + "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\n-- c\nINSERT INTO b SELECT 2;\nEND;\n"))
                .containsExactly("CREATE TABLE `a;` (x STRING) WITH ('k' = 'v;\n-- not a comment;\n')", "SELECT 1",
                        "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND");
    }

    @Test
    void committedSqlIsWhatTheShippedRulesGenerate() throws Exception {
        RuleSet rules = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(Path.of("../routing-rules.yaml"));
        for (SqlTarget target : SqlTarget.values()) {
            GeneratedSql sql = new SqlGenerator(target, GeneratorOptions.defaults()).generate(rules);
            Path dir = Path.of("../generated", target.dirName());
            assertThat(dir.resolve(GeneratedSql.CONNECTORS_FILE)).hasContent(sql.connectors());
            assertThat(dir.resolve(GeneratedSql.ROUTING_FILE)).hasContent(sql.routing());
        }
    }
}
