package io.cdcfanout.consumers.loan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.consumers.projection.PackagedConsumer;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The packaged loan consumer on a topic, dead-letter topic, receipts topic, group and view schema of its own, and what
 * an operator has at hand for it: {@code ./fanout} as a process, pointed at the test stack's Kafka by a
 * {@code --target} file, and the delivery receipts the project's verifier counts handling by.
 */
final class OperatedLoanConsumer implements AutoCloseable {

    /** The routing rule of {@code flink-jobs/routing-rules.yaml} that feeds the loan consumer. */
    static final String RULE_ID = "loan-created";
    static final String RULE_NAME = "Loan created events";
    /** Long enough for a receipt that is still coming (a duplicate handling) to arrive. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    final String topic;
    final String deadLetterTopic;
    final String group;
    final String schema;
    private final TestStack stack;
    private final CdcTestKit kit;
    private final Path target;
    private final ConsumerTask<String, byte[]> receipts;
    private final Map<String, String> settings;
    private PackagedConsumer running;

    /** Its topics are created here (the dead-letter topic too, as the pipeline's topics.json has it), the consumer not started. */
    OperatedLoanConsumer(String name, Path dir) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.stack = TestStack.shared(Kafka.NAME, Postgres.NAME);
        this.topic = name + "-loans-" + id;
        this.deadLetterTopic = topic + "-dlq";
        this.group = name + "-" + id;
        this.schema = name.replace('-', '_') + "_" + id;
        this.kit = new CdcTestKit(stack.kafkaBootstrapServers(), null);
        this.target = Files.writeString(dir.resolve("target.properties"), "kafka.bootstrap.servers=" + stack.kafkaBootstrapServers() + "\n");
        String receiptsTopic = kit.createTopic(name + "-receipts-" + id);
        kit.createTopic(topic);
        kit.createTopic(deadLetterTopic);
        // One reader for the whole test: collects every receipt as it arrives, instead of re-reading the topic at each poll.
        this.receipts = kit.companion().consume(String.class, byte[].class).fromTopics(receiptsTopic);
        this.settings = Map.of(
                "cdcfanout.consumer.topic", topic,
                "cdcfanout.consumer.group-id", group,
                "cdcfanout.consumer.receipts.topic", receiptsTopic,
                "quarkus.flyway.schemas", schema);
    }

    TestStack stack() {
        return stack;
    }

    CdcTestKit kit() {
        return kit;
    }

    void start() throws IOException {
        running = PackagedConsumer.start(stack, settings);
    }

    /** SIGTERM: the consumer commits what it handled and leaves its group. */
    void stop() throws InterruptedException {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** The consumer's output so far, for assertion messages. */
    String log() {
        return running == null ? "(not running)" : running.log();
    }

    /** A loan created, published as the routing job writes it to the consumer's topic: with the rule's headers. */
    LoanCreated publish(String loanId) {
        LoanCreated event = SampleEvents.loanCreated(loanId);
        Map<String, String> headers = new LinkedHashMap<>(CdcTestKit.headers(event));
        headers.put("routingRuleId", RULE_ID);
        headers.put("routingRuleName", RULE_NAME);
        kit.publishRaw(topic, loanId, kit.encode(topic, event, WireFormat.JSON), headers);
        return event;
    }

    List<LoanCreated> publish(List<String> loanIds) {
        return loanIds.stream().map(this::publish).toList();
    }

    /** Every receipt the consumer's group has sent so far. */
    List<DeliveryReceipt> receipts() {
        return receipts.getRecords().stream()
                .map(record -> DeliveryReceipt.fromJson(record.value()))
                .filter(receipt -> receipt.consumerGroup().equals(group))
                .toList();
    }

    /** How many receipts the group has sent so far, by event id: how often the handler handled each event. */
    Map<String, Long> receiptsPerEvent() {
        return receipts().stream().collect(Collectors.groupingBy(DeliveryReceipt::eventId, Collectors.counting()));
    }

    /**
     * Waits until the group's receipts per event id are {@code perEvent}, and then for {@link #QUIET} more in which they
     * must stay so: an event handled once more than expected fails, not only one handled less.
     */
    void awaitReceiptsExactly(Map<String, Long> perEvent) {
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(receiptsPerEvent()).as(this::log).isEqualTo(perEvent));
        await().during(QUIET).atMost(QUIET.plusSeconds(30)).untilAsserted(() -> assertThat(receiptsPerEvent()).isEqualTo(perEvent));
    }

    /** {@code GET /loans} of the running consumer. */
    List<LoanView> view() {
        return List.of(given().baseUri(running.url()).get("/loans").then().statusCode(200).extract().as(LoanView[].class));
    }

    /** {@code ./fanout args… --target FILE}, as an operator runs it against this consumer's Kafka; waits for it to end. */
    FanoutRun fanout(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(TestStack.repoRoot().resolve("fanout").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--target", target.toString()));
        Path err = Files.createTempFile("fanout-err-", ".txt");
        try {
            // Standard error to a file: reading two pipes one after the other could block on the full one.
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
            }
            return new FanoutRun(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Stops the consumer if it runs. */
    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            receipts.stop();
            kit.close();
        }
    }

    /** One {@code ./fanout} run: exit code, standard output, standard error. */
    record FanoutRun(int exitCode, String out, String err) {
    }
}
