package io.cdcfanout.sdk.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no timing is asserted, and the name keeps it out of {@code ./mvnw verify}): events/s of a handler that
 * sleeps {@value #SLEEP_MS} ms per event, as one waiting on a database, on a 3-partition topic of the local stack's
 * Kafka, at {@code cdcfanout.consumer.concurrency} 1, 4, 16 and 64. Each concurrency is a fresh start of the
 * application on its own topic, group and receipts topic; events/s is measured from the receipts' {@code handledAt}
 * (first to last), so startup is not counted. Prints a table and writes {@code benchmarks/results/sdk-concurrency.json}.
 *
 * <p>Run: {@code ./mvnw -pl sdk/consumer verify -Dtest=ConcurrencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusMainTest
class ConcurrencyBenchmark {

    static final int SLEEP_MS = 5;
    static final int PARTITIONS = 3;
    static final int KEYS = 1000;
    static final List<Integer> CONCURRENCY = List.of(1, 4, 16, 64);
    /** About 10 s of handling at concurrency 1, and at least as long at every other (if the ideal speed-up held). */
    static final int EVENTS_PER_LANE = 2000;
    static final int MAX_EVENTS = 20000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> PROPERTIES = List.of("kafka.bootstrap.servers", "cdcfanout.consumer.topic",
            "cdcfanout.consumer.group-id", "cdcfanout.consumer.concurrency", "cdcfanout.consumer.receipts.topic",
            RecordingHandler.SLEEP_MS, RecordingHandler.EXIT_AFTER_CALLS);

    @Test
    void eventsPerSecondAtEachConcurrency(QuarkusMainLauncher launcher) throws Exception {
        ObjectNode result = JSON.createObjectNode()
                .put("startedAt", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("loadAverageBefore", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                .put("handlerSleepMs", SLEEP_MS).put("partitions", PARTITIONS).put("keys", KEYS);
        ArrayNode runs = result.putArray("runs");
        double atOne = 0;
        try (CdcTestKit kit = new CdcTestKit(TestStack.shared(Kafka.NAME).kafkaBootstrapServers(), null)) {
            for (int concurrency : CONCURRENCY) {
                double eventsPerSecond = run(launcher, kit, concurrency);
                atOne = concurrency == 1 ? eventsPerSecond : atOne;
                double ratio = eventsPerSecond / atOne;
                runs.addObject().put("concurrency", concurrency).put("eventsPerSecond", round(eventsPerSecond)).put("ratioToConcurrency1", round(ratio));
                System.out.printf(Locale.ROOT, "concurrency %3d: %8.1f events/s, %5.2f x concurrency 1%n", concurrency, eventsPerSecond, ratio);
            }
        } finally {
            PROPERTIES.forEach(System::clearProperty);
        }
        result.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path out = TestStack.repoRoot().resolve("benchmarks/results/sdk-concurrency.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, JSON.writeValueAsString(result) + "\n");
        System.out.println(JSON.writeValueAsString(result));
        System.out.println("written to " + out);
    }

    /** @return events/s from the first to the last receipt of a fresh run at this concurrency */
    private static double run(QuarkusMainLauncher launcher, CdcTestKit kit, int concurrency) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "sdk-bench-" + concurrency + "-" + run;
        String receipts = kit.createTopic("sdk-bench-receipts-" + run);
        kit.companion().topics().createAndWait(topic, PARTITIONS, Duration.ofSeconds(30));
        int events = Math.min(EVENTS_PER_LANE * concurrency, MAX_EVENTS);
        List<CarCreated> sent = IntStream.range(0, events).mapToObj(i -> SampleEvents.carCreated("CAR-B" + i % KEYS)).toList();
        kit.publishAll(topic, sent, WireFormat.JSON);
        Map.of("kafka.bootstrap.servers", kit.bootstrapServers(), "cdcfanout.consumer.topic", topic,
                "cdcfanout.consumer.group-id", "sdk-bench-" + run, "cdcfanout.consumer.concurrency", String.valueOf(concurrency),
                "cdcfanout.consumer.receipts.topic", receipts, RecordingHandler.SLEEP_MS, String.valueOf(SLEEP_MS),
                RecordingHandler.EXIT_AFTER_CALLS, String.valueOf(events)).forEach(System::setProperty);

        LaunchResult launched = launcher.launch();

        assertThat(launched.exitCode()).as(launched.getErrorOutput()).isZero();
        List<Instant> handled = kit.awaitRecords(receipts, events).stream()
                .map(record -> DeliveryReceipt.fromJson(record.value()).handledAt()).sorted().toList();
        Duration span = Duration.between(handled.getFirst(), handled.getLast());
        // n receipts span n - 1 intervals
        return (handled.size() - 1) / (span.toNanos() / 1e9);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
