package io.cdcfanout.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationReportTest {

    @Test
    void duplicatesAreCountedApartInKafkaAndAtTheConsumersAndDeadLettersOverEveryStage() {
        Stage raw = stage("raw-business-events", 2, 1);
        List<Stage> topics = List.of(stage("filtered-a", 3, 0), stage("filtered-b", 1, 4));
        List<Stage> consumers = List.of(stage("a-consumer (filtered-a)", 5, 7));
        Instant accepted = Instant.parse("2026-01-01T00:00:00Z");
        VerificationReport.Delivery delivery = new VerificationReport.Delivery("a-consumer", "e1", accepted, accepted.plusMillis(1500));
        VerificationReport report = new VerificationReport("run", accepted, 10, 10L, Map.of(), raw, topics, consumers, Delay.NONE, Delay.NONE,
                Delay.NONE, 0, 0, 6, 0, List.of(), List.of(delivery));

        assertThat(report.duplicatesDelivered()).isEqualTo(6);
        // A consumer stage's dead letters are its topics': counted once, at the topics.
        assertThat(report.deadLettered()).isEqualTo(5);
        assertThat(report.duplicatesHandled()).isEqualTo(5);
        assertThat(report.deliveries().get(0).delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(report.toJson()).contains("\"duplicatesDelivered\" : 6", "\"duplicatesHandled\" : 5", "\"deadLettered\" : 5")
                .doesNotContain("deliveries");
        assertThat(report.toText()).contains("duplicates: 6 delivered again in Kafka topics, 5 handled again by consumers; 5 dead-lettered");
    }

    private static Stage stage(String name, long duplicated, long deadLettered) {
        return new Stage(name, 10, 10, 0, 0, duplicated, 0, deadLettered, Delay.NONE, List.of());
    }
}
