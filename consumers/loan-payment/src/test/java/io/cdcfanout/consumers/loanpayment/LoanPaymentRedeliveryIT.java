package io.cdcfanout.consumers.loanpayment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.consumers.projection.PackagedConsumer;
import io.cdcfanout.events.LoanPayment;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every payment re-delivered: the packaged consumer handles a stream of payments, stops, its group's offsets are reset
 * to the beginning (as an operator would to re-read a topic, or as a lost commit does) and it runs again over the same
 * records plus one sent twice. The sums per loan must still count each payment once.
 */
class LoanPaymentRedeliveryIT {

    private static final int PAYMENTS = 300;
    private static final int LOANS = 7;

    private PackagedConsumer running;

    @Test
    void paymentsReDeliveredAfterAnOffsetResetAreNotCountedTwice() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME, Postgres.NAME);
        String topic = "redelivered-payments-" + UUID.randomUUID();
        String group = "redelivered-" + UUID.randomUUID();
        Map<String, String> settings = Map.of(
                "cdcfanout.consumer.topic", topic,
                "cdcfanout.consumer.group-id", group,
                "quarkus.flyway.schemas", "redelivery_" + UUID.randomUUID().toString().substring(0, 8));
        try (CdcTestKit kit = new CdcTestKit(stack.kafkaBootstrapServers(), null); Admin admin = stack.kafkaAdmin()) {
            kit.createTopic(topic);
            List<LoanPaymentSubmitted> sent = IntStream.range(0, PAYMENTS)
                    .mapToObj(i -> SampleEvents.loanPaymentSubmitted("PAY-" + i, "LOAN-" + (i % LOANS), (i + 1) + ".25"))
                    .toList();
            kit.publishAll(topic, sent, WireFormat.JSON);
            Map<String, LoanPayments> expected = expectedTotals(sent);

            running = PackagedConsumer.start(stack, settings);
            await().atMost(Duration.ofMinutes(2)).until(() -> kit.committedOffset(group, topic) == PAYMENTS);
            assertThat(served(running)).isEqualTo(expected);
            running.close(); // leaves the group, so that its offsets can be reset

            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all().get();
            kit.publish(topic, sent.get(0), WireFormat.JSON); // and one sent twice
            running = PackagedConsumer.start(stack, settings);
            await().atMost(Duration.ofMinutes(2)).until(() -> kit.committedOffset(group, topic) == PAYMENTS + 1);

            assertThat(served(running)).isEqualTo(expected);
        }
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    /** The totals of {@code GET /payments}, by loan id; payment dates dropped (PostgreSQL keeps microseconds). */
    private static Map<String, LoanPayments> served(PackagedConsumer consumer) {
        LoanPayments[] all = given().baseUri(consumer.url()).get("/payments").then().statusCode(200).extract().as(LoanPayments[].class);
        return Arrays.stream(all).map(LoanPaymentRedeliveryIT::withoutDate)
                .collect(Collectors.toMap(LoanPayments::loanId, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, LoanPayments> expectedTotals(List<LoanPaymentSubmitted> sent) {
        Map<String, LoanPayments> totals = new TreeMap<>();
        for (LoanPaymentSubmitted event : sent) {
            LoanPayment payment = event.getEntities().get(0);
            totals.merge(payment.getLoanId(), new LoanPayments(payment.getLoanId(), 1, payment.getAmount(), payment.getId(), null),
                    (seen, added) -> new LoanPayments(seen.loanId(), seen.payments() + 1, seen.totalPaid().add(added.totalPaid()),
                            added.lastPaymentId(), null));
        }
        return totals;
    }

    private static LoanPayments withoutDate(LoanPayments totals) {
        // numeric comes back with the scale of the sum; compare amounts by value
        return new LoanPayments(totals.loanId(), totals.payments(), totals.totalPaid().setScale(2), totals.lastPaymentId(), null);
    }
}
