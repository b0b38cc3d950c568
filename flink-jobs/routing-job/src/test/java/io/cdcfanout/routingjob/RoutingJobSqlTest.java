package io.cdcfanout.routingjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.routingrules.sql.GeneratedSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RoutingJobSqlTest {

    @Test
    void jarCarriesTheCommittedSql() throws Exception {
        GeneratedSql sql = RoutingJob.committedSql();
        assertThat(sql.connectors()).isEqualTo(Files.readString(Path.of("../generated/flink/connectors.sql")));
        assertThat(sql.routing()).isEqualTo(Files.readString(Path.of("../generated/flink/routing.sql")));
        // The routing function's declaration and the statement set.
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

    @Test
    void kafkaPropertiesComeFromTheFileAndTheCommandLineWithEnvironmentVariablesResolved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${env:KAFKA_USER}" password="${env:KAFKA_PASSWORD}";
                """);
        Map<String, String> properties = RoutingJob.kafkaProperties(List.of("sasl.mechanism=SCRAM-SHA-512", "ssl.endpoint.identification.algorithm="), file,
                Map.of("KAFKA_USER", "router", "KAFKA_PASSWORD", "pa$$'w\\ord"));
        assertThat(properties).containsExactly(
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"router\" password=\"pa$$'w\\ord\";"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("ssl.endpoint.identification.algorithm", ""));
    }

    @Test
    void kafkaPropertyOptionsAreRepeatableAndSplitAtTheFirstEquals() {
        RoutingJob job = new RoutingJob();
        new CommandLine(job).parseArgs("--kafka-property", "security.protocol=SSL", "--kafka-property", "sasl.jaas.config=a=b;",
                "--kafka-properties", "kafka.properties");
        assertThat(job.kafkaPropertyArgs).containsExactly("security.protocol=SSL", "sasl.jaas.config=a=b;");
        assertThat(job.kafkaPropertiesFile).isEqualTo(Path.of("kafka.properties"));
        assertThat(RoutingJob.kafkaProperties(job.kafkaPropertyArgs, null, Map.of()))
                .containsExactly(Map.entry("security.protocol", "SSL"), Map.entry("sasl.jaas.config", "a=b;"));
    }

    @Test
    void kafkaPropertyProblemsAreReportedPrecisely(@TempDir Path dir) {
        assertThatThrownBy(() -> RoutingJob.kafkaProperties(List.of("security.protocol"), null, Map.of()))
                .hasMessage("--kafka-property 'security.protocol' is not KEY=VALUE");
        assertThatThrownBy(() -> RoutingJob.kafkaProperties(List.of("=SSL"), null, Map.of()))
                .hasMessage("--kafka-property '=SSL' is not KEY=VALUE");
        assertThatThrownBy(() -> RoutingJob.kafkaProperties(List.of("sasl.jaas.config=password=\"${env:MISSING}\""), null, Map.of()))
                .hasMessage("Kafka property 'sasl.jaas.config' uses ${env:MISSING}, which is not set");
        assertThatThrownBy(() -> RoutingJob.kafkaProperties(List.of(), dir.resolve("absent.properties"), Map.of()))
                .hasMessageStartingWith("cannot read --kafka-properties " + dir.resolve("absent.properties"));
    }

    @Test
    void kafkaPropertiesReachEveryTableOfTheCommittedSqlWithoutChangingIt() {
        GeneratedSql sql = RoutingJob.committedSql();
        String ddl = io.cdcfanout.routingrules.sql.KafkaProperties.addTo(RoutingJob.fill(sql.connectors(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "h:9093")),
                Map.of("security.protocol", "SSL"));
        assertThat(ddl.split("'properties.bootstrap.servers' = 'h:9093',\n  'properties.security.protocol' = 'SSL',", -1))
                .hasSize(GeneratedSql.statements(ddl).size() + 1);
        assertThat(sql.connectors()).doesNotContain("security.protocol");
    }
}
