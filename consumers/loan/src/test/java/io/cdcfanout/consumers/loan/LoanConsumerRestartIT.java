package io.cdcfanout.consumers.loan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.consumers.projection.PackagedConsumer;
import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged consumer (SIGKILL, no shutdown hooks) in the middle of a stream and starts it again: afterwards
 * {@code GET /loans} must hold exactly the loans sent, as sent, and the events the first run applied but did not commit
 * must be re-delivered to the second run and change nothing. Each run of this test has a view schema of its own.
 */
class LoanConsumerRestartIT {

    private static final int EVENTS = 5000;

    private PackagedConsumer running;

    @Test
    void consumerKilledMidStreamAndRestartedServesExactlyTheLoansSent() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME, Postgres.NAME);
        String topic = "restart-loans-" + UUID.randomUUID();
        String schema = "restart_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Map.of(
                "cdcfanout.consumer.topic", topic,
                "cdcfanout.consumer.group-id", "restart-" + UUID.randomUUID(),
                "quarkus.flyway.schemas", schema,
                // commit every second: the kill finds records committed, and records applied to the view but not committed
                "mp.messaging.incoming.cdc-events.auto.commit.interval.ms", "1000");
        String group = settings.get("cdcfanout.consumer.group-id");
        try (CdcTestKit kit = new CdcTestKit(stack.kafkaBootstrapServers(), null)) {
            kit.createTopic(topic);
            List<LoanCreated> sent = IntStream.range(0, EVENTS).mapToObj(i -> SampleEvents.loanCreated("LOAN-R-" + i)).toList();
            kit.publishAll(topic, sent, WireFormat.JSON);

            running = PackagedConsumer.start(stack, settings);
            await().atMost(Duration.ofMinutes(3)).until(() -> kit.committedOffset(group, topic) >= EVENTS / 5);
            running.kill();
            long appliedBeforeKill = handledEvents(stack, schema);
            long committedBeforeKill = kit.committedOffset(group, topic);
            System.out.printf("killed after %d events applied, %d committed%n", appliedBeforeKill, committedBeforeKill);
            assumeThat(appliedBeforeKill).as("killed mid-stream").isLessThan(EVENTS);

            running = PackagedConsumer.start(stack, settings);
            // Generous: 5000 events through a freshly started JVM on a loaded 2-core CI machine.
            await().atMost(Duration.ofMinutes(3)).until(() -> kit.committedOffset(group, topic) == EVENTS);

            LoanView[] served = given().baseUri(running.url()).get("/loans").then().statusCode(200).extract().as(LoanView[].class);
            Map<String, LoanView> byId = Arrays.stream(served).collect(Collectors.toMap(LoanView::id, Function.identity()));
            assertThat(byId).hasSize(EVENTS);
            for (LoanCreated event : sent) {
                Loan loan = event.getEntities().get(0);
                LoanView view = byId.get(loan.getId());
                assertThat(view).as(loan.getId()).isNotNull();
                assertThat(view.carId()).isEqualTo(loan.getCarId());
                assertThat(view.loanAmount()).isEqualByComparingTo(loan.getLoanAmount());
                assertThat(view.balance()).isEqualByComparingTo(loan.getBalance());
                assertThat(view.monthlyPayment()).isEqualByComparingTo(loan.getMonthlyPayment());
                assertThat(view.termMonths()).isEqualTo(loan.getTermMonths());
                assertThat(view.startDate()).isEqualTo(loan.getStartDate());
                assertThat(view.eventId()).isEqualTo(event.getEventHeader().getUuid());
            }
            assertThat(handledEvents(stack, schema)).isEqualTo(EVENTS);
            // What the first run applied after its last commit came again, and the view ignored it.
            assertThat(alreadyApplied(running.url())).isEqualTo(appliedBeforeKill - committedBeforeKill);
        }
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    private static long handledEvents(TestStack stack, String schema) throws SQLException {
        try (Connection db = stack.openDatabase(); Statement query = db.createStatement();
                ResultSet count = query.executeQuery("SELECT count(*) FROM " + schema + ".handled_event")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** The consumer's count of re-delivered events found in handled_event, from its Prometheus metrics. */
    private static long alreadyApplied(String url) {
        String metrics = given().baseUri(url).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("cdcfanout_consumer_view_events_already_applied_total{"))
                .map(line -> new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .longValueExact();
    }
}
