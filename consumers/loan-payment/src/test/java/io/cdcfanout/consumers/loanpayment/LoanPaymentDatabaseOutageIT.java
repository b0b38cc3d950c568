package io.cdcfanout.consumers.loanpayment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.consumers.projection.PackagedConsumer;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The view's database goes away while payments arrive (connections cut, new ones refused) and comes back: the consumer
 * waits instead of dead-lettering, reports not ready meanwhile, and then applies every payment once. The consumer has a
 * database of its own here, so that closing it touches nothing else.
 */
class LoanPaymentDatabaseOutageIT {

    private static final int BEFORE = 50;
    private static final int DURING = 50;

    private PackagedConsumer running;

    @Test
    void paymentsArrivingWhileTheDatabaseIsUnreachableWaitAndAreAllCountedOnceWhenItIsBack() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME, Postgres.NAME);
        String database = "outage_" + UUID.randomUUID().toString().substring(0, 8);
        // The application role, which the consumer connects as, creates its schema there as in the stack's database.
        admin(stack, "CREATE DATABASE " + database + " OWNER " + Postgres.USER);
        String topic = "outage-payments-" + UUID.randomUUID();
        String group = "outage-" + UUID.randomUUID();
        String loanId = "LOAN-" + UUID.randomUUID();
        try (CdcTestKit kit = new CdcTestKit(stack.kafkaBootstrapServers(), null)) {
            kit.createTopic(topic);
            running = PackagedConsumer.start(stack, Map.of(
                    "cdcfanout.consumer.topic", topic,
                    "cdcfanout.consumer.group-id", group,
                    "quarkus.datasource.jdbc.url", Postgres.jdbcUrl(stack.context(), database)));
            List<LoanPaymentSubmitted> payments = IntStream.range(0, BEFORE + DURING)
                    .mapToObj(i -> SampleEvents.loanPaymentSubmitted("PAY-" + i, loanId, "10.00"))
                    .toList();
            kit.publishAll(topic, payments.subList(0, BEFORE), WireFormat.JSON);
            await().atMost(Duration.ofMinutes(2)).until(() -> kit.committedOffset(group, topic) == BEFORE);

            admin(stack, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            kit.publishAll(topic, payments.subList(BEFORE, BEFORE + DURING), WireFormat.JSON);
            await().atMost(Duration.ofMinutes(1)).until(() -> running.log().contains("view change of event"));
            await().atMost(Duration.ofMinutes(1)).until(() -> given().baseUri(running.url()).get("/q/health/ready").statusCode() == 503);
            assertThat(kit.committedOffset(group, topic)).as("nothing committed while the view cannot be written").isEqualTo(BEFORE);

            admin(stack, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
            await().atMost(Duration.ofMinutes(2)).until(() -> kit.committedOffset(group, topic) == BEFORE + DURING);

            given().baseUri(running.url()).get("/payments/loans/" + loanId).then().statusCode(200);
            LoanPayments totals = given().baseUri(running.url()).get("/payments/loans/" + loanId).as(LoanPayments.class);
            assertThat(totals.payments()).isEqualTo(BEFORE + DURING);
            assertThat(totals.totalPaid()).isEqualByComparingTo(new BigDecimal("1000.00"));
            assertThat(totals.lastPaymentId()).isEqualTo("PAY-" + (BEFORE + DURING - 1));
            String metrics = given().baseUri(running.url()).get("/q/metrics").asString();
            assertThat(metrics).as("nothing dead-lettered").doesNotContain("cdcfanout_consumer_events_dead_lettered_total{");
            given().baseUri(running.url()).get("/q/health/ready").then().statusCode(200);
        } finally {
            admin(stack, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        }
    }

    @AfterEach
    void stopConsumer() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    /** Runs statements in the server's maintenance database, which stays open throughout. */
    private static void admin(TestStack stack, String... statements) throws SQLException {
        try (Connection db = Postgres.connect(stack.context(), "postgres"); Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
