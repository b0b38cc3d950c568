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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged consumer (SIGKILL) while it handles records of many keys in parallel
 * ({@code cdcfanout.consumer.concurrency=16}: up to 64 records queued or running, finishing out of offset order) and
 * starts it again. Each loan changes {@value #VERSIONS} times; afterwards every event must have been applied exactly once
 * and {@code GET /loans} must show each loan as its last event left it: nothing lost across the kill, and the events of a
 * loan applied in their order on both sides of it.
 */
class LoanConsumerConcurrentRestartIT {

    private static final int LOANS = 300;
    private static final int VERSIONS = 10;
    private static final int EVENTS = LOANS * VERSIONS;

    private PackagedConsumer running;

    @Test
    void consumerKilledWithManyRecordsInFlightLosesNoneAndKeepsEachLoansOrder() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME, Postgres.NAME);
        String topic = "concurrent-restart-loans-" + UUID.randomUUID();
        String schema = "concurrent_restart_" + UUID.randomUUID().toString().substring(0, 8);
        String group = "concurrent-restart-" + UUID.randomUUID();
        Map<String, String> settings = Map.of(
                "cdcfanout.consumer.topic", topic,
                "cdcfanout.consumer.group-id", group,
                "cdcfanout.consumer.concurrency", "16",
                "quarkus.flyway.schemas", schema,
                "mp.messaging.incoming.cdc-events.auto.commit.interval.ms", "1000");
        try (CdcTestKit kit = new CdcTestKit(stack.kafkaBootstrapServers(), null)) {
            kit.companion().topics().createAndWait(topic, 3, Duration.ofSeconds(30));
            // Version v of every loan, then version v + 1 of every loan: a loan's events are spread over the stream.
            List<LoanCreated> sent = IntStream.range(0, EVENTS)
                    .mapToObj(i -> version(SampleEvents.loanCreated("LOAN-CR-" + i % LOANS), i / LOANS)).toList();
            Map<String, LoanCreated> last = new LinkedHashMap<>();
            sent.forEach(event -> last.put(event.getEntities().get(0).getId(), event));
            kit.publishAll(topic, sent, WireFormat.JSON);

            running = PackagedConsumer.start(stack, settings);
            // Progress as the database sees it, not the committed offset (throttled, once a second): at concurrency 16 the
            // consumer handled all events before a commit showed a fifth of them (CI skipped the test: killed too late).
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> appliedEvents(stack, schema) >= EVENTS / 10);
            running.kill();
            long appliedBeforeKill = appliedEvents(stack, schema);
            System.out.printf("killed after %d events applied, %d committed%n", appliedBeforeKill, kit.committedOffset(group, topic));
            assumeThat(appliedBeforeKill).as("killed mid-stream").isLessThan(EVENTS);

            running = PackagedConsumer.start(stack, settings);
            await().atMost(Duration.ofMinutes(3)).until(() -> kit.committedOffset(group, topic) == EVENTS);

            assertThat(appliedEvents(stack, schema)).as("events applied, each once").isEqualTo(EVENTS);
            LoanView[] served = given().baseUri(running.url()).get("/loans").then().statusCode(200).extract().as(LoanView[].class);
            Map<String, LoanView> byId = Arrays.stream(served).collect(Collectors.toMap(LoanView::id, Function.identity()));
            assertThat(byId).hasSize(LOANS);
            last.forEach((id, event) -> {
                assertThat(byId.get(id).eventId()).as("loan %s shows its last event", id).isEqualTo(event.getEventHeader().getUuid());
                assertThat(byId.get(id).balance()).isEqualByComparingTo(event.getEntities().get(0).getBalance());
            });
        }
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    /** The loan with balance reduced by {@code version} payments: each version of a loan is told apart by its balance. */
    private static LoanCreated version(LoanCreated event, int version) {
        Loan loan = event.getEntities().get(0);
        Loan changed = Loan.newBuilder(loan).setBalance(loan.getBalance().subtract(BigDecimal.valueOf(version))).build();
        return LoanCreated.newBuilder(event).setEntities(List.of(changed)).build();
    }

    private static long appliedEvents(TestStack stack, String schema) throws SQLException {
        try (Connection db = stack.openDatabase(); Statement query = db.createStatement();
                ResultSet count = query.executeQuery("SELECT count(*) FROM " + schema + ".handled_event")) {
            count.next();
            return count.getLong(1);
        }
    }
}
