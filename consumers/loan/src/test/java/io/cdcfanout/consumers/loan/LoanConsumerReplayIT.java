package io.cdcfanout.consumers.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.consumers.loan.OperatedLoanConsumer.FanoutRun;
import io.cdcfanout.events.LoanCreated;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's replay on the packaged consumer: {@code ./fanout replay} to a time between two batches is refused while
 * the consumer runs (nothing moved), and once it is stopped moves the group back so that the restarted consumer
 * handles exactly the events after that time again (a second delivery receipt each, before the view's dedupe), while
 * the view keeps each loan once, unchanged.
 */
class LoanConsumerReplayIT {

    private static final int BEFORE = 5;
    private static final int AFTER = 3;

    private OperatedLoanConsumer consumer;

    @Test
    void replayToATimeIsRefusedWhileTheConsumerRunsThenReHandlesExactlyTheEventsAfterItAndLeavesTheViewUnchanged(@TempDir Path dir)
            throws Exception {
        consumer = new OperatedLoanConsumer("replay", dir);
        List<String> before = eventIds(consumer.publish(loanIds("LOAN-BEFORE-", BEFORE)));
        // Whole seconds, as an operator types it; later than every record of the first batch, earlier than the second.
        Instant cut = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().isAfter(cut));
        List<String> after = eventIds(consumer.publish(loanIds("LOAN-AFTER-", AFTER)));

        consumer.start();
        Map<String, Long> handled = new HashMap<>();
        before.forEach(eventId -> handled.put(eventId, 1L));
        after.forEach(eventId -> handled.put(eventId, 1L));
        consumer.awaitReceiptsExactly(handled);
        // All committed: the committed offsets cannot move by themselves while the refused replay runs.
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.kit().committedOffset(consumer.group, consumer.topic) == BEFORE + AFTER);
        List<LoanView> view = consumer.view();
        assertThat(view).hasSize(BEFORE + AFTER);

        FanoutRun refused = consumer.fanout("replay", "--group", consumer.group, "--to", cut.toString(), "--execute");

        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("consumer group " + consumer.group + " is active", "nothing was changed",
                "Stop every instance of the consumer first");
        assertThat(members(consumer)).isNotEmpty()
                .allSatisfy(member -> assertThat(refused.err()).contains(member.clientId() + " on " + member.host()));
        assertThat(consumer.kit().committedOffset(consumer.group, consumer.topic)).isEqualTo(BEFORE + AFTER);

        consumer.stop();
        FanoutRun plan = consumer.fanout("replay", "--group", consumer.group, "--to", cut.toString());

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).containsPattern("(?m)^" + consumer.topic + "\\s+0\\s+" + (BEFORE + AFTER) + "\\s+" + BEFORE + "\\s+" + AFTER + "$")
                .contains("Total: " + AFTER + " record(s) to handle again in 1 partition(s) of consumer group " + consumer.group + ", from " + cut,
                        "Dry run: nothing changed.");
        assertThat(consumer.kit().committedOffset(consumer.group, consumer.topic)).isEqualTo(BEFORE + AFTER);

        FanoutRun execute = consumer.fanout("replay", "--group", consumer.group, "--to", cut.toString(), "--execute");

        assertThat(execute.exitCode()).as(execute.err()).isZero();
        assertThat(execute.out()).contains("Offsets of consumer group " + consumer.group + " moved.");
        assertThat(consumer.kit().committedOffset(consumer.group, consumer.topic)).isEqualTo(BEFORE);

        consumer.start();
        // Handled again: exactly the events after the cut (before the view's dedupe, which sends a receipt all the same).
        after.forEach(eventId -> handled.put(eventId, 2L));
        consumer.awaitReceiptsExactly(handled);
        assertThat(consumer.view()).isEqualTo(view);
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    private static List<String> loanIds(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static List<String> eventIds(List<LoanCreated> events) {
        return events.stream().map(event -> event.getEventHeader().getUuid()).toList();
    }

    private static List<MemberDescription> members(OperatedLoanConsumer consumer) throws Exception {
        try (Admin admin = consumer.stack().kafkaAdmin()) {
            return List.copyOf(admin.describeConsumerGroups(List.of(consumer.group)).describedGroups().get(consumer.group)
                    .get(30, TimeUnit.SECONDS).members());
        }
    }
}
