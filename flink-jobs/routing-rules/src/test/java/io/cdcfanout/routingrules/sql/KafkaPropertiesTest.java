package io.cdcfanout.routingrules.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.routingrules.parse.RuleParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaPropertiesTest {

    private static String connectors(GeneratorOptions options) throws Exception {
        return new SqlGenerator(SqlTarget.FLINK, options).generate(new RuleParser(Set.of()).parse("""
                - { id: a, outputTopic: out-a, conditions: [{ field: eventType, operator: exists }] }
                - { id: b, outputTopic: out-b, conditions: [{ field: eventType, operator: exists }] }
                """, false, "test")).connectors();
    }

    @Test
    void everyKafkaTableGetsEachPropertyAfterItsBootstrapServers() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        String ddl = KafkaProperties.addTo(connectors(GeneratorOptions.defaults()), properties);

        // source, DLQ and the sink of both outputs
        assertThat(ddl.split("'properties.security.protocol' = 'SASL_SSL'", -1)).hasSize(4);
        assertThat(ddl).contains("""
                  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
                  'properties.security.protocol' = 'SASL_SSL',
                  'properties.sasl.mechanism' = 'PLAIN',
                """);
        assertThat(GeneratedSql.statements(ddl)).hasSize(GeneratedSql.statements(connectors(GeneratorOptions.defaults())).size());
    }

    @Test
    void exactlyOnceSinksGetThemToo() throws Exception {
        String ddl = KafkaProperties.addTo(connectors(GeneratorOptions.defaults().withExactlyOnce(true)), Map.of("security.protocol", "SSL"));
        assertThat(ddl.split("'properties.security.protocol' = 'SSL'", -1)).hasSize(4);
    }

    @Test
    void hostileValuesStayOneStringLiteral() throws Exception {
        String original = connectors(GeneratorOptions.defaults());
        String hostile = "x', 'connector' = 'filesystem', 'path' = '/etc'); DROP TABLE `raw-business-events`; -- ";
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p'w;d\";";
        String ddl = KafkaProperties.addTo(original, Map.of("sasl.password", hostile, "sasl.jaas.config", jaas));

        assertThat(ddl).contains("'properties.sasl.password' = 'x'', ''connector'' = ''filesystem'', ''path'' = ''/etc''); DROP TABLE `raw-business-events`; -- '")
                .contains("'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p''w;d\";'");
        List<String> statements = GeneratedSql.statements(ddl);
        assertThat(statements).hasSize(GeneratedSql.statements(original).size()).allMatch(s -> s.startsWith("CREATE TABLE"));
        // Nothing but the added lines changed.
        assertThat(ddl.lines().filter(line -> !line.contains("'properties.sasl.")).toList()).isEqualTo(original.lines().toList());
    }

    @Test
    void noPropertiesLeaveTheDdlUnchanged() throws Exception {
        String original = connectors(GeneratorOptions.defaults());
        assertThat(KafkaProperties.addTo(original, Map.of())).isSameAs(original);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            quote in key            | sasl'x              | v       | Kafka property key 'sasl'x' is not a property name: letters, digits, '.', '_' and '-' only
            space in key            | a b                 | v       | Kafka property key 'a b' is not a property name: letters, digits, '.', '_' and '-' only
            empty key               | ''                  | v       | Kafka property key '' is not a property name: letters, digits, '.', '_' and '-' only
            bootstrap servers       | bootstrap.servers   | h:9092  | Kafka property 'bootstrap.servers' is set by the routing job itself (bootstrap.servers, group.id, auto.offset.reset, isolation.level, max.request.size); use its own option
            group id                | group.id            | other   | Kafka property 'group.id' is set by the routing job itself (bootstrap.servers, group.id, auto.offset.reset, isolation.level, max.request.size); use its own option
            """)
    void badKeysAreRefusedWithTheReason(String scenario, String key, String value, String message) throws Exception {
        String ddl = connectors(GeneratorOptions.defaults());
        assertThatThrownBy(() -> KafkaProperties.addTo(ddl, Map.of(key, value))).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void lineBreaksInValuesAreRefused() throws Exception {
        String ddl = connectors(GeneratorOptions.defaults());
        assertThatThrownBy(() -> KafkaProperties.addTo(ddl, Map.of("sasl.jaas.config", "a\n);DROP")))
                .hasMessage("Kafka property 'sasl.jaas.config' has a control character (line break, tab…) in its value: values are one line");
    }

    @Test
    void confluentCloudTablesHaveNoKafkaPropertiesToSet() throws Exception {
        String ddl = new SqlGenerator(SqlTarget.CONFLUENT_CLOUD, GeneratorOptions.defaults()).generate(new RuleParser(Set.of())
                .parse("[{ id: a, outputTopic: out, conditions: [{ field: eventType, operator: exists }] }]", false, "test")).connectors();
        assertThatThrownBy(() -> KafkaProperties.addTo(ddl, Map.of("security.protocol", "SSL")))
                .hasMessageContaining("Kafka properties apply to self-managed Flink only");
    }
}
