package io.cdcfanout.routingjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.sql.GeneratedSql;
import io.cdcfanout.routingrules.sql.KafkaProperties;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.junit.jupiter.api.Test;

/** Hostile Kafka property values through Flink's own SQL parser: each stays one option value, nothing else changes. */
class KafkaPropertiesDdlTest {

    @Test
    void flinkParsesHostileValuesAsExactlyTheOptionValueOfEveryTable() throws Exception {
        String hostile = "x', 'connector' = 'filesystem', 'path' = '/etc'); DROP TABLE `raw-business-events`; CREATE TABLE t (a INT) WITH ('x' = '";
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p'w;d`--\";";
        List<String> statements = GeneratedSql.statements(KafkaProperties.addTo(
                RoutingJob.fill(RoutingJob.committedSql().connectors(), Map.of(RoutingJob.BOOTSTRAP_VARIABLE, "h:9092")),
                Map.of("sasl.password", hostile, "sasl.jaas.config", jaas)));

        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        statements.forEach(tables::executeSql);

        Catalog catalog = tables.getCatalog(tables.getCurrentCatalog()).orElseThrow();
        assertThat(tables.listTables()).hasSize(statements.size()).doesNotContain("t");
        for (String table : tables.listTables()) {
            Map<String, String> options = catalog.getTable(new ObjectPath(tables.getCurrentDatabase(), table)).getOptions();
            assertThat(options).as(table).containsEntry("connector", "kafka").containsEntry("properties.bootstrap.servers", "h:9092")
                    .containsEntry("properties.sasl.password", hostile).containsEntry("properties.sasl.jaas.config", jaas)
                    .doesNotContainKey("path");
        }
    }
}
