package io.cdcfanout.routingjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.sql.GeneratedSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class RoutingJobSqlTest {

    @Test
    void jarCarriesTheCommittedSql() throws Exception {
        GeneratedSql sql = RoutingJob.committedSql();
        assertThat(sql.connectors()).isEqualTo(Files.readString(Path.of("../generated/flink/connectors.sql")));
        assertThat(sql.routing()).isEqualTo(Files.readString(Path.of("../generated/flink/routing.sql")));
        assertThat(GeneratedSql.statements(sql.routing())).hasSize(2);
    }

    @Test
    void placeholdersAreFilledAsLiteralContent() {
        String ddl = "'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'x' = '${OTHER}'";
        assertThat(RoutingJob.fill(ddl, Map.of("KAFKA_BOOTSTRAP_SERVERS", "host:9092,o'brien:9093")))
                .isEqualTo("'properties.bootstrap.servers' = 'host:9092,o''brien:9093', 'x' = '${OTHER}'");
    }

    @Test
    void sessionClusterSubmissionTargetsItsRestEndpoint() {
        Configuration config = RoutingJob.flinkConfiguration("http://127.0.0.1:8082", Duration.ofSeconds(10), 2, null);
        assertThat(config.toMap()).containsEntry("execution.target", "remote").containsEntry("rest.address", "127.0.0.1")
                .containsEntry("rest.port", "8082").containsEntry("parallelism.default", "2")
                .containsEntry("pipeline.name", RoutingJob.JOB_NAME);
        assertThat(RoutingJob.flinkConfiguration(null, Duration.ofSeconds(10), 1, null).toMap()).doesNotContainKey("execution.target");
    }
}
