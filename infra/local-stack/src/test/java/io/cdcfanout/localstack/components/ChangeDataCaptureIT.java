package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import io.cdcfanout.localstack.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A row committed to a captured table arrives as a Debezium change event, through real components, also across restarts. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeDataCaptureIT {

    private static final Path PROBE_CONNECTOR = Path.of("src/test/resources/connect/probe-connector.json");
    private static final Path PROBE_TABLE = Path.of("src/test/resources/connect/probe-table.sql");
    private static TestStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.start(List.of(KafkaConnect.NAME), List.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void committedRowArrivesAsDebeziumChangeEventOnItsTopic() throws Exception {
        sql(Files.readString(PROBE_TABLE), "CREATE TABLE not_captured (id int)");
        stack.connect().apply(ConnectorConfig.read(PROBE_CONNECTOR), Duration.ofSeconds(90));

        UUID id = UUID.randomUUID();
        sql("INSERT INTO cdc_probe VALUES ('" + id + "', 'hello from postgres')");

        JsonNode event = awaitChangeEvent(id);
        assertThat(event.path("op").asText()).isEqualTo("c");
        assertThat(event.path("after").path("id").asText()).isEqualTo(id.toString());
        assertThat(event.path("after").path("note").asText()).isEqualTo("hello from postgres");
        assertThat(event.path("source").path("table").asText()).isEqualTo("cdc_probe");
    }

    /**
     * The local stack's down/up cycle with the WAL moved on meanwhile: capture resumes. (The slot is kept with the data:
     * a slot dropped at down and recreated later can leave Connect's stored offset behind the slot, and Debezium then
     * stops with "no longer available on the server" — seen once by hand, not reproduced here.)
     */
    @Test
    @Order(2)
    void captureResumesAfterConnectAndPostgresRestartWithTheWalMovedOnMeanwhile() throws Exception {
        stack.stop(KafkaConnect.NAME);
        sql("INSERT INTO not_captured SELECT generate_series(1, 1000)");
        try (Connection db = stack.openDatabaseAsAdmin(); Statement sql = db.createStatement()) {
            sql.execute("CHECKPOINT");
        }
        stack.stop(Postgres.NAME);

        stack.require(KafkaConnect.NAME);
        UUID afterRestart = UUID.randomUUID();
        sql("INSERT INTO cdc_probe VALUES ('" + afterRestart + "', 'written after the restart')");

        assertThat(awaitChangeEvent(afterRestart).path("after").path("note").asText()).isEqualTo("written after the restart");
    }

    @Test
    @Order(3)
    void rowWrittenWhileConnectIsDownArrivesAfterItsRestart() throws Exception {
        stack.stop(KafkaConnect.NAME);
        UUID whileDown = UUID.randomUUID();
        sql("INSERT INTO cdc_probe VALUES ('" + whileDown + "', 'written while Connect was down')");

        stack.require(KafkaConnect.NAME);

        assertThat(awaitChangeEvent(whileDown).path("after").path("note").asText()).isEqualTo("written while Connect was down");
    }

    private static JsonNode awaitChangeEvent(UUID id) throws Exception {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("probe.public.cdc_probe"));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                return received.stream().anyMatch(record -> record.value() != null && record.value().contains(id.toString()));
            });
        }
        return new ObjectMapper().readTree(received.stream()
                .filter(record -> record.value() != null && record.value().contains(id.toString())).findFirst().orElseThrow().value());
    }

    private static void sql(String... statements) throws Exception {
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cdc-probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        return new KafkaConsumer<>(props);
    }
}
