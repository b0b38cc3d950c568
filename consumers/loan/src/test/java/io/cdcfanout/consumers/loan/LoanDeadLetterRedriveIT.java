package io.cdcfanout.consumers.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.consumers.loan.OperatedLoanConsumer.FanoutRun;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's dead-letter round trip on the packaged consumer: a handler that fails for some loans (a CHECK
 * constraint an operator added refuses their ids) dead-letters exactly those; once the constraint is gone,
 * {@code ./fanout dlq redrive} writes them back with their original headers and the consumer handles each event exactly
 * once (one delivery receipt each); a second re-drive writes and handles nothing.
 */
class LoanDeadLetterRedriveIT {

    private static final int LOANS = 10;
    private static final Set<Integer> MARKED = Set.of(2, 5, 8);

    private OperatedLoanConsumer consumer;

    @Test
    void deadLetteredLoansReDrivenAfterTheFixAreHandledExactlyOnceWithTheirHeadersAndASecondReDriveAddsNothing(@TempDir Path dir)
            throws Exception {
        consumer = new OperatedLoanConsumer("redrive", dir);
        consumer.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> loanTableExists(consumer));
        // The "bug", without touching the handler: the view refuses marked loan ids (SQL state 23514, not transient).
        execute(consumer, "ALTER TABLE " + consumer.schema + ".loan ADD CONSTRAINT loan_not_marked CHECK (id NOT LIKE 'LOAN-MARKED-%')");

        List<LoanCreated> sent = consumer.publish(IntStream.range(0, LOANS)
                .mapToObj(i -> (MARKED.contains(i) ? "LOAN-MARKED-" : "LOAN-OK-") + i).toList());
        Set<String> marked = MARKED.stream().map(i -> eventId(sent.get(i))).collect(Collectors.toSet());
        Set<String> all = sent.stream().map(LoanDeadLetterRedriveIT::eventId).collect(Collectors.toSet());

        // The marked ones are not handled: no receipt.
        consumer.awaitReceiptsExactly(once(all.stream().filter(id -> !marked.contains(id))));
        List<ConsumerRecord<String, byte[]>> deadLetters = consumer.kit().awaitDeadLetters(consumer.deadLetterTopic, consumer.topic, MARKED.size());
        assertThat(deadLetters).extracting(r -> CdcTestKit.header(r, "eventId")).containsExactlyInAnyOrderElementsOf(marked);
        assertThat(deadLetters).extracting(r -> CdcTestKit.header(r, "dead-letter-reason"))
                .allSatisfy(reason -> assertThat(reason).startsWith("handler-failed: ").contains("loan_not_marked"));

        execute(consumer, "ALTER TABLE " + consumer.schema + ".loan DROP CONSTRAINT loan_not_marked");
        FanoutRun redrive = consumer.fanout("dlq", "redrive", consumer.deadLetterTopic);

        assertThat(redrive.exitCode()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("Re-driven " + MARKED.size() + " dead letter(s) of " + consumer.deadLetterTopic
                + " to their original topic; skipped 0 re-driven before.");
        consumer.awaitReceiptsExactly(once(all.stream()));
        assertThat(consumer.receipts()).extracting(DeliveryReceipt::routingRuleId).containsOnly(OperatedLoanConsumer.RULE_ID);
        assertThat(consumer.view()).extracting(LoanView::eventId).containsExactlyInAnyOrderElementsOf(all);
        assertRedrivenWithTheirOriginalHeaders(consumer.kit().records(consumer.topic), marked);

        long end = endOffset(consumer);
        FanoutRun again = consumer.fanout("dlq", "redrive", consumer.deadLetterTopic);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Re-driven 0 dead letter(s) of " + consumer.deadLetterTopic
                + " to their original topic; skipped " + MARKED.size() + " re-driven before.");
        assertThat(endOffset(consumer)).isEqualTo(end);
        consumer.awaitReceiptsExactly(once(all.stream()));
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    /** Each marked event twice on the topic: as published, and re-driven later with the very same headers. */
    private static void assertRedrivenWithTheirOriginalHeaders(List<ConsumerRecord<String, byte[]>> records, Set<String> marked) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byEvent = records.stream()
                .collect(Collectors.groupingBy(r -> CdcTestKit.header(r, "eventId")));
        for (String eventId : marked) {
            List<ConsumerRecord<String, byte[]>> copies = byEvent.get(eventId);
            assertThat(copies).as(eventId).hasSize(2);
            ConsumerRecord<String, byte[]> original = copies.get(0);
            ConsumerRecord<String, byte[]> redriven = copies.get(1);
            assertThat(redriven.key()).isEqualTo(original.key());
            assertThat(redriven.value()).isEqualTo(original.value());
            assertThat(headers(redriven)).isEqualTo(headers(original))
                    .extracting(Map.Entry::getKey).contains("eventId", "eventType", "routingRuleId", "routingRuleName")
                    .noneMatch(name -> name.startsWith("dead-letter-"));
        }
    }

    private static List<Map.Entry<String, String>> headers(ConsumerRecord<String, byte[]> record) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(Map.entry(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        }
        return headers;
    }

    /** The end of the consumer's topic (one partition). */
    private static long endOffset(OperatedLoanConsumer consumer) throws Exception {
        TopicPartition partition = new TopicPartition(consumer.topic, 0);
        try (Admin admin = consumer.stack().kafkaAdmin()) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(partition).offset();
        }
    }

    private static boolean loanTableExists(OperatedLoanConsumer consumer) throws SQLException {
        try (Connection db = consumer.stack().openDatabaseAsAdmin(); Statement query = db.createStatement();
                var result = query.executeQuery("SELECT to_regclass('" + consumer.schema + ".loan') IS NOT NULL")) {
            return result.next() && result.getBoolean(1);
        }
    }

    private static void execute(OperatedLoanConsumer consumer, String sql) throws SQLException {
        try (Connection db = consumer.stack().openDatabaseAsAdmin(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Map<String, Long> once(Stream<String> eventIds) {
        return eventIds.collect(Collectors.toMap(Function.identity(), eventId -> 1L));
    }

    private static String eventId(LoanCreated event) {
        return event.getEventHeader().getUuid();
    }
}
