package io.cdcfanout.pipelinetarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target file of `./fanout status --target`: remote deployments, credentials from the environment. */
class PipelineTargetTest {

    @TempDir
    Path dir;

    @Test
    void remoteTargetReadsKafkaClientSettingsAndCredentialsFromTheEnvironment() throws Exception {
        Path file = write("""
                kafka.bootstrap.servers=pkc-1.example.cloud:9092
                kafka.security.protocol=SASL_SSL
                kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${env:KAFKA_KEY}" password="${env:KAFKA_SECRET}";
                connect.url=https://connect.example
                db.jdbc-url=jdbc:postgresql://db.example:5432/cdcfanout
                db.user=reader
                db.password=${env:DB_PASSWORD}
                health.producer-api=https://producer.example
                wal.warning-bytes=5000
                """);

        PipelineTarget target = PipelineTarget.load(file, Map.of("KAFKA_KEY", "k", "KAFKA_SECRET", "s$cret", "DB_PASSWORD", "pw"));

        assertThat(target.kafka()).containsEntry("bootstrap.servers", "pkc-1.example.cloud:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"k\" password=\"s$cret\";");
        assertThat(target.dbPassword()).isEqualTo("pw");
        assertThat(target.health()).containsEntry("producer-api", "https://producer.example");
        assertThat(target.walWarningBytes()).isEqualTo(5000);
    }

    @Test
    void documentedExampleTargetIsValid() throws Exception {
        Path example = Path.of("../status/remote-target.properties.example");

        PipelineTarget target = PipelineTarget.load(example,
                Map.of("KAFKA_API_KEY", "key", "KAFKA_API_SECRET", "secret", "CDC_MONITOR_PASSWORD", "pw"));

        assertThat(target.kafka()).containsKeys("bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config");
        assertThat(target.connectUrl()).isNotEmpty();
        assertThat(target.health()).containsKeys("producer-api", "loan-consumer");
        assertThat(target.health().get("producer-api")).as("the producer's /q/* is on its management port").endsWith(":9081");
    }

    @Test
    void unsetEnvironmentVariableIsNamed() throws Exception {
        Path file = write("kafka.bootstrap.servers=b:9092\ndb.password=${env:DB_PASSWORD}\n");

        assertThatThrownBy(() -> PipelineTarget.load(file, Map.of()))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessage(file + ": db.password reads ${env:DB_PASSWORD}, which is not set");
    }

    @Test
    void unknownKeyAndMissingBootstrapServersAreRejected() throws Exception {
        Path typo = write("kafka.bootstrap.servers=b:9092\nconect.url=http://x\n");
        Path noKafka = write("connect.url=http://x\n");

        assertThatThrownBy(() -> PipelineTarget.load(typo, Map.of()))
                .hasMessageStartingWith(typo + ": unknown key 'conect.url' (allowed: kafka.*, connect.url");
        assertThatThrownBy(() -> PipelineTarget.load(noKafka, Map.of()))
                .hasMessage(noKafka + ": kafka.bootstrap.servers is required");
    }

    @Test
    void walThresholdThatIsNotANumberIsRejected() throws Exception {
        Path file = write("kafka.bootstrap.servers=b:9092\nwal.warning-bytes=1GB\n");

        assertThatThrownBy(() -> PipelineTarget.load(file, Map.of()))
                .hasMessage(file + ": wal.warning-bytes='1GB' is not a number of bytes");
    }

    private Path write(String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "target", ".properties"), content);
    }
}
