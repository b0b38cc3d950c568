package io.cdcfanout.sdk.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown (what SIGTERM does) arrives while the handler is busy with an event: that event must be neither
 * committed nor dead-lettered, even though the interrupted handler fails with a non-retryable error, and the next run
 * of the application handles it. The application is started twice in this JVM by {@link QuarkusMainLauncher}; the
 * handler stops it itself (see {@link RecordingHandler#FAIL_AT_SHUTDOWN_WHILE_HANDLING}), and what each run did is
 * read from Kafka: committed offsets, receipts and dead letters.
 */
@QuarkusMainTest
class GracefulShutdownTest {

    private static final List<String> PROPERTIES = List.of("kafka.bootstrap.servers", "cdcfanout.consumer.topic",
            "cdcfanout.consumer.group-id", "cdcfanout.consumer.concurrency", RecordingHandler.FAIL_AT_SHUTDOWN_WHILE_HANDLING, RecordingHandler.INTERRUPTED_WHILE_HANDLING,
            RecordingHandler.EXIT_AFTER_HANDLING);

    private static CdcTestKit kit;

    @BeforeAll
    static void kit() throws StackException {
        TestStack stack = TestStack.shared(Kafka.NAME);
        kit = new CdcTestKit(stack.kafkaBootstrapServers(), null);
        kit.createTopic(ConsumerSdkTest.DEAD_LETTERS);
        kit.createTopic(ConsumerSdkTest.RECEIPTS);
    }

    @AfterEach
    void clearProperties() {
        // System properties reach every Quarkus application of this JVM, the other test classes' ones included.
        PROPERTIES.forEach(System::clearProperty);
    }

    @AfterAll
    static void closeKit() {
        kit.close();
    }

    @Test
    void handlerFailingBecauseTheShutdownClosedItsResourcesDeadLettersNothingAndTheEventIsHandledAfterTheRestart(QuarkusMainLauncher launcher) {
        shutdownWhileHandling(launcher, RecordingHandler.FAIL_AT_SHUTDOWN_WHILE_HANDLING, 1);
    }

    @Test
    void handlerInterruptedByTheShutdownDeadLettersNothingAndTheEventIsHandledAfterTheRestart(QuarkusMainLauncher launcher) {
        shutdownWhileHandling(launcher, RecordingHandler.INTERRUPTED_WHILE_HANDLING, 1);
    }

    /**
     * The events before and after the busy one run beside it, on other lanes, and the shutdown begins as they start: the
     * one before may finish after the last commit (it is then handled again after the restart), nothing is dead-lettered,
     * nothing from the busy event on is committed.
     */
    @Test
    void atConcurrency8TheInterruptedEventIsHandledAfterTheRestartAndNothingIsDeadLettered(QuarkusMainLauncher launcher) {
        System.setProperty("cdcfanout.consumer.concurrency", "8");
        shutdownWhileHandling(launcher, RecordingHandler.INTERRUPTED_WHILE_HANDLING, 0);
    }

    /**
     * @param busyHandler how the handler busy at shutdown behaves, a {@link RecordingHandler} property
     * @param committedAtLeast what the first run must have committed (at most 1: the busy event is the second)
     */
    private void shutdownWhileHandling(QuarkusMainLauncher launcher, String busyHandler, long committedAtLeast) {
        String topic = kit.freshTopic("sdk-shutdown");
        String group = "sdk-shutdown-" + UUID.randomUUID();
        CarCreated before = SampleEvents.carCreated("CAR-S1");
        CarCreated busy = SampleEvents.carCreated("CAR-S2");
        CarCreated after = SampleEvents.carCreated("CAR-S3");
        kit.publishAll(topic, List.of(before, busy, after), WireFormat.JSON);
        System.setProperty("kafka.bootstrap.servers", kit.bootstrapServers());
        System.setProperty("cdcfanout.consumer.topic", topic);
        System.setProperty("cdcfanout.consumer.group-id", group);

        System.setProperty(busyHandler, eventId(busy));
        LaunchResult first = launcher.launch();

        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(kit.committedOffset(group, topic)).as("committed up to the busy event, excluded").isBetween(committedAtLeast, 1L);
        assertThat(kit.deadLetters(ConsumerSdkTest.DEAD_LETTERS, topic)).isEmpty();

        System.clearProperty(busyHandler);
        // One record at a time again: the event the restart exits after is then the last one it handles.
        System.clearProperty("cdcfanout.consumer.concurrency");
        CarCreated last = SampleEvents.carCreated("CAR-S4");
        kit.publish(topic, last, WireFormat.JSON);
        System.setProperty(RecordingHandler.EXIT_AFTER_HANDLING, eventId(last));
        LaunchResult second = launcher.launch();

        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        assertThat(kit.committedOffset(group, topic)).isGreaterThanOrEqualTo(3);
        assertThat(kit.deadLetters(ConsumerSdkTest.DEAD_LETTERS, topic)).isEmpty();
        Map<String, Long> receipts = receiptsPerEvent(topic);
        assertThat(receipts).containsOnlyKeys(eventId(before), eventId(busy), eventId(after), eventId(last));
        assertThat(receipts.get(eventId(busy))).as("handled once, by the second run").isEqualTo(1);
    }

    private static String eventId(CarCreated event) {
        return event.getEventHeader().getUuid();
    }

    /** How many receipts each event of the topic got, from the receipts on the topic now (both runs are over). */
    private static Map<String, Long> receiptsPerEvent(String topic) {
        return kit.records(ConsumerSdkTest.RECEIPTS).stream()
                .map(record -> DeliveryReceipt.fromJson(record.value()))
                .filter(receipt -> receipt.topic().equals(topic))
                .collect(Collectors.groupingBy(DeliveryReceipt::eventId, Collectors.counting()));
    }
}
