package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import io.cdcfanout.localstack.testing.TestStack;
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
import org.junit.jupiter.api.Test;

/** A row committed to a captured table arrives as a Debezium change event, through real components. */
class ChangeDataCaptureIT {

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
    void committedRowArrivesAsDebeziumChangeEventOnItsTopic() throws Exception {
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE cdc_probe (id uuid PRIMARY KEY, note text NOT NULL)");
        }
        stack.connect().apply(ConnectorConfig.read(Path.of("src/test/resources/connect/probe-connector.json")), Duration.ofSeconds(90));

        UUID id = UUID.randomUUID();
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO cdc_probe VALUES ('" + id + "', 'hello from postgres')");
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("probe.public.cdc_probe"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                return received.stream().anyMatch(record -> record.value() != null && record.value().contains(id.toString()));
            });
        }
        JsonNode event = new ObjectMapper().readTree(received.stream()
                .filter(record -> record.value() != null && record.value().contains(id.toString())).findFirst().orElseThrow().value());
        assertThat(event.path("op").asText()).isEqualTo("c");
        assertThat(event.path("after").path("id").asText()).isEqualTo(id.toString());
        assertThat(event.path("after").path("note").asText()).isEqualTo("hello from postgres");
        assertThat(event.path("source").path("table").asText()).isEqualTo("cdc_probe");
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
