package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record limit lives in one place, {@code recordMaxBytes} of infra/kafka/topics.json, and every
 * stage that publishes to Kafka agrees with it: broker and topics (local stack, docker-compose,
 * Terraform), Connect's producer and the parking SMT, the routing job's sinks, the SDK's
 * dead-letter producer and the producer API's event budget (64 KiB below the limit). Reads the
 * files only; no process starts.
 */
class RecordLimitConsistencyTest {

    private static final Path REPO = TestStack.repoRoot();
    /** What the producer API keeps free below the limit for key, headers and envelope. */
    private static final int PRODUCER_HEADROOM = 65536;

    private static int limit;

    @BeforeAll
    static void readLimit() throws Exception {
        limit = Kafka.recordMaxBytes(REPO);
    }

    @Test
    void theLimitIsOneMebibyteAsTheContractSays() {
        assertThat(limit).isEqualTo(1048576);
    }

    @Test
    void everyTopicTheLocalStackCreatesHasTheLimitAsItsMaxMessageBytes(@TempDir Path state) throws Exception {
        List<NewTopic> topics = Kafka.topics(context(state));
        assertThat(topics).isNotEmpty();
        assertThat(topics).allSatisfy(topic -> assertThat(topic.configs()).as(topic.name())
                .containsEntry(Kafka.MAX_MESSAGE_BYTES, Integer.toString(limit)));
    }

    @Test
    void theLocalStacksBrokerHasTheLimitAsItsMessageMaxBytes(@TempDir Path state) throws Exception {
        Properties broker = new Properties();
        broker.load(new java.io.StringReader(Kafka.serverProperties(context(state), state.resolve("data"), 9092, 9093)));
        assertThat(broker.getProperty("message.max.bytes")).isEqualTo(Integer.toString(limit));
    }

    @Test
    void docker_composesBrokerHasTheLimit() throws Exception {
        JsonNode compose = new YAMLMapper().readTree(REPO.resolve("docker-compose.yml").toFile());
        assertThat(compose.path("services").path("kafka").path("environment").path("KAFKA_MESSAGE_MAX_BYTES").asText())
                .isEqualTo(Integer.toString(limit));
    }

    /** The compose topic initialiser run against a stand-in kafka-topics.sh that prints its arguments. */
    @Test
    void docker_composesTopicInitialiserGivesEveryTopicTheLimit(@TempDir Path kafkaHome) throws Exception {
        assumeThat(Path.of("/usr/bin/jq")).as("jq runs the topic initialiser's script").isExecutable();
        Path bin = Files.createDirectories(kafkaHome.resolve("bin"));
        Path standIn = Files.writeString(bin.resolve("kafka-topics.sh"), "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("sh", REPO.resolve("infra/docker/kafka-init/create-topics.sh").toString())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("TOPICS_FILE", REPO.resolve(Kafka.TOPICS_FILE).toString(),
                "KAFKA_BOOTSTRAP_SERVERS", "stand-in:9092", "KAFKA_HOME", kafkaHome.toString()));
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> creates = output.lines().filter(line -> line.contains("--create")).toList();
        assertThat(creates).hasSize(topicNames().size());
        assertThat(creates).allSatisfy(line -> assertThat(line).contains("--config max.message.bytes=" + limit));
    }

    @Test
    void terraformGivesEveryTopicTheLimitOfTheTopicsFile() throws IOException {
        String main = Files.readString(REPO.resolve("infra/terraform/confluent-cloud/main.tf"));
        assertThat(main).containsPattern("record_max_bytes\\s*=\\s*local\\.topics_declaration\\.recordMaxBytes");
        assertThat(main).containsPattern("\"max\\.message\\.bytes\"\\s*=\\s*tostring\\(local\\.record_max_bytes\\)");
    }

    @Test
    void theOutboxConnectorsProducerAndItsParkingTransformUseTheLimit() throws Exception {
        JsonNode config = ConnectorConfig.read(REPO.resolve("infra/connect/outbox-connector.json")).config();
        assertThat(config.path("producer.override.max.request.size").asText()).isEqualTo(Integer.toString(limit));
        // The parking transform comes last, measures with the connector's converters against the same limit,
        // and parks to a topic of topics.json.
        assertThat(config.path("transforms").asText()).endsWith(",park");
        assertThat(config.path("transforms.park.type").asText()).isEqualTo("io.cdcfanout.connect.transforms.ParkOversizedRecords");
        assertThat(config.path("transforms.park.record.max.bytes").asText()).isEqualTo(Integer.toString(limit));
        assertThat(topicNames()).contains(config.path("transforms.park.park.topic").asText());
        for (String converter : List.of("key.converter", "value.converter", "header.converter")) {
            assertThat(config.path("transforms.park." + converter).asText()).as(converter).isEqualTo(config.path(converter).asText());
        }
    }

    @Test
    void theRoutingJobsSinksUseTheLimitAsMaxRequestSize() throws IOException {
        String ddl = Files.readString(REPO.resolve("flink-jobs/generated/flink/connectors.sql"));
        List<String> sinks = new ArrayList<>();
        Matcher table = Pattern.compile("(?s)CREATE TABLE `([^`]+)` \\(.*?\\) WITH \\((.*?)\\n\\);").matcher(ddl);
        while (table.find()) {
            if (table.group(2).contains("'sink.delivery-guarantee'")) {
                sinks.add(table.group(1));
                assertThat(table.group(2)).as(table.group(1)).contains("'properties.max.request.size' = '" + limit + "'");
            }
        }
        assertThat(sinks).contains("raw-business-events-dlq").hasSizeGreaterThan(1);
    }

    @Test
    void theSdksDeadLetterProducerUsesTheLimit() throws IOException {
        Properties sdk = properties(REPO.resolve("sdk/consumer/src/main/resources/META-INF/microprofile-config.properties"));
        String channel = "mp.messaging.incoming.cdc-events.";
        String value = sdk.getProperty(channel + "dead-letter-queue.max.request.size", sdk.getProperty(channel + "max.request.size"));
        assumeThat(value).as("the SDK does not set its dead-letter producer's max.request.size yet: add "
                + channel + "max.request.size=" + limit + " to sdk/consumer/src/main/resources/META-INF/microprofile-config.properties").isNotNull();
        // The SDK names the limit once (cdcfanout.consumer.record-max-bytes) and refers to it: resolve ${...}.
        Matcher reference = Pattern.compile("\\$\\{([^}:]+)}").matcher(value);
        String resolved = reference.matches() ? sdk.getProperty(reference.group(1)) : value;
        assertThat(resolved).as(value).isEqualTo(Integer.toString(limit));
    }

    @Test
    void theProducerApisEventBudgetIsTheLimitLessItsHeadroom() throws IOException {
        Properties producer = properties(REPO.resolve("producer-api/src/main/resources/application.properties"));
        String budget = producer.getProperty("producer.max-event-bytes");
        assumeThat(budget).as("producer-api does not set producer.max-event-bytes yet (expected " + (limit - PRODUCER_HEADROOM) + ")").isNotNull();
        assertThat(budget).isEqualTo(Integer.toString(limit - PRODUCER_HEADROOM));
    }

    private static List<String> topicNames() throws IOException {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(REPO.resolve(Kafka.TOPICS_FILE).toFile()).path("topics").forEach(topic -> names.add(topic.path("name").asText()));
        return names;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static StackContext context(Path state) {
        return Stack.create(new StackOptions(REPO, state, false, List.of(), false, Map.of(), 0,
                new PrintStream(OutputStream.nullOutputStream()))).context();
    }
}
