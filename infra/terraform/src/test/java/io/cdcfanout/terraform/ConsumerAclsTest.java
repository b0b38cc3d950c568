package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.terraform.ConsumerAcls.Consumer;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each consumer's service account may read its filtered topic in its own group and write its dead-letter topic and the
 * delivery receipts topic: nothing else.
 */
class ConsumerAclsTest {

    private final ConsumerAcls acls = new ConsumerAcls(Repo.CONFLUENT_CLOUD);

    @Test
    void eachConsumerIsGrantedExactlyItsTopicItsGroupItsDeadLetterTopicAndTheReceiptsTopic() {
        assertThat(acls.consumers()).isNotEmpty();
        assertThat(Repo.read(Repo.ROOT.resolve("infra/kafka/topics.json"))).contains("\"" + ConsumerAcls.RECEIPTS_TOPIC + "\"");
        assertThat(acls.violations()).isEmpty();
        assertThat(acls.expand()).hasSize(4 * acls.consumers().size());
    }

    @Test
    void terraformDeclaresEveryConsumerApplicationWithTheTopicAndGroupItUses() throws IOException {
        Map<String, Consumer> applications = new TreeMap<>();
        try (Stream<Path> props = Files.walk(Repo.ROOT.resolve("consumers"), 5)) {
            props.filter(p -> p.endsWith(Path.of("src/main/resources/application.properties"))).forEach(p -> {
                Properties config = load(p);
                String name = config.getProperty("quarkus.application.name");
                String topic = config.getProperty("cdcfanout.consumer.topic");
                String group = config.getProperty("cdcfanout.consumer.group-id", name);
                String dlq = config.getProperty("cdcfanout.consumer.dead-letter-topic", topic + "-dlq");
                applications.put(name, new Consumer(name, topic, group, dlq));
            });
        }

        assertThat(applications).isNotEmpty();
        assertThat(new TreeMap<>(acls.consumers())).isEqualTo(applications);
    }

    @Test
    void consumersReadOnlyTopicsTheRoutingWrites() {
        String routing = Repo.read(Repo.GENERATED_CONFLUENT_CLOUD_SQL.resolve("routing.sql"));
        for (Consumer consumer : acls.consumers().values()) {
            assertThat(consumer.topic()).startsWith("filtered-");
            assertThat(routing).contains("INSERT INTO `" + consumer.topic() + "`");
        }
    }

    @Test
    void anExtraGrantToAConsumerIsReportedWithTheConsumerAndTheResource(@TempDir Path dir) throws IOException {
        copyTerraform(dir, text -> text.replace(
                "\"${name}/read-group\"",
                "\"${name}/read-raw\" = { consumer = name, resource_type = \"TOPIC\", resource_name = c.raw, operation = \"READ\" }\n      \"${name}/read-group\""));

        assertThat(new ConsumerAcls(dir).violations())
                .anyMatch(v -> v.startsWith("car-consumer is granted more than its topic, group, dead-letter topic and the receipts topic")
                        && v.contains("<c.raw>"));
    }

    @Test
    void aPrefixedPatternOrAnotherResourceGrantingAConsumerIsReported(@TempDir Path dir) throws IOException {
        copyTerraform(dir, text -> text
                .replaceFirst("(resource \"confluent_kafka_acl\" \"consumer\" \\{[\\s\\S]*?)pattern_type  = \"LITERAL\"", "$1pattern_type  = \"PREFIXED\"")
                .replace("principal   = \"User:${confluent_service_account.routing.id}\"\n  role_name   = \"FlinkDeveloper\"",
                        "principal   = \"User:${confluent_service_account.consumer[\"car-consumer\"].id}\"\n  role_name   = \"FlinkDeveloper\""));

        assertThat(new ConsumerAcls(dir).violations())
                .contains("confluent_kafka_acl.consumer: pattern_type is \"PREFIXED\", expected \"LITERAL\"")
                .contains("confluent_role_binding.routing_flink_developer grants a consumer service account something");
    }

    @Test
    void aMissingDeadLetterGrantIsReported(@TempDir Path dir) throws IOException {
        copyTerraform(dir, text -> text.replaceFirst(
                "\n\\s*\"\\$\\{name}/write-dead-letter\" = \\{[^}]*}", ""));

        assertThat(new ConsumerAcls(dir).violations())
                .contains("loan-consumer lacks Acl[consumer=loan-consumer, resourceType=TOPIC, resourceName=filtered-loan-created-events-dlq, operation=WRITE]");
    }

    private static void copyTerraform(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        try (Stream<Path> files = Files.list(Repo.CONFLUENT_CLOUD)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                String text = Repo.read(file);
                String edited = edit.apply(text);
                Files.writeString(dir.resolve(file.getFileName()), edited);
            }
        }
        assertThat(Pattern.compile("\\S").matcher(Repo.read(dir.resolve("service-accounts.tf"))).find()).isTrue();
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @Test
    void theRoutingAccountMayRunStatementsOnlyInItsComputePool() {
        HclFile.Block binding = HclFile.parseDirectory(Repo.CONFLUENT_CLOUD).stream()
                .filter(b -> b.type().equals("resource") && b.labels().equals(List.of("confluent_role_binding", "routing_flink_developer")))
                .findFirst().orElseThrow();
        assertThat(binding.attribute("crn_pattern")).contains("confluent_flink_compute_pool.main.resource_name");
    }
}
