package io.cdcfanout.consumers.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged consumer (SIGKILL, no shutdown hooks) in the middle of a stream and starts it again:
 * every event must be handled by one run or the other, and the group ends with everything committed.
 * Each run's log has one line per handled loan, which tells what each run handled.
 */
class LoanConsumerRestartIT {

    private static final int EVENTS = 5000;
    private static final Pattern HANDLED = Pattern.compile("loan (LOAN-R-\\d+) for car");

    private Process running;

    @Test
    void consumerKilledMidStreamAndRestartedLosesNoEvent() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME);
        String topic = "restart-loans-" + UUID.randomUUID();
        String group = "restart-" + UUID.randomUUID();
        try (CdcTestKit kit = new CdcTestKit(stack.kafkaBootstrapServers(), null)) {
            kit.createTopic(topic);
            List<LoanCreated> loans = IntStream.range(0, EVENTS).mapToObj(i -> SampleEvents.loanCreated("LOAN-R-" + i)).toList();
            kit.publishAll(topic, loans, WireFormat.JSON);
            Path firstLog = Files.createTempFile("loan-consumer-first", ".log");
            Path secondLog = Files.createTempFile("loan-consumer-second", ".log");

            running = start(stack, topic, group, firstLog);
            await().atMost(Duration.ofMinutes(2)).until(() -> kit.committedOffset(group, topic) > 0);
            running.destroyForcibly().waitFor();
            Set<String> handledBeforeKill = handled(firstLog);
            long committedBeforeKill = kit.committedOffset(group, topic);
            assumeThat(handledBeforeKill).as("killed mid-stream").hasSizeLessThan(EVENTS);

            running = start(stack, topic, group, secondLog);
            // Generous: 5000 events through a freshly started JVM on a loaded 2-core CI machine.
            await().atMost(Duration.ofMinutes(3)).until(() -> kit.committedOffset(group, topic) == EVENTS);

            Set<String> handledAfterRestart = handled(secondLog);
            assertThat(handledAfterRestart).as("resumed from the committed offset").hasSize((int) (EVENTS - committedBeforeKill));
            Set<String> handled = new HashSet<>(handledBeforeKill);
            handled.addAll(handledAfterRestart);
            assertThat(handled).containsAll(loans.stream().map(loan -> loan.getEntities().get(0).getId()).toList());
        }
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (running != null) {
            running.destroy();
            running.waitFor();
        }
    }

    private static Process start(TestStack stack, String topic, String group, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(),
                "-Dkafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "-Dcdcfanout.consumer.topic=" + topic,
                "-Dcdcfanout.consumer.group-id=" + group,
                // commit often, so that the kill finds some records committed and some not
                "-Dmp.messaging.incoming.cdc-events.auto.commit.interval.ms=100",
                "-Dquarkus.http.port=0",
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static Set<String> handled(Path log) throws IOException {
        Set<String> ids = new HashSet<>();
        Matcher matcher = HANDLED.matcher(Files.readString(log));
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
