package io.cdcfanout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.verifier.VerificationReport.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void recoveryEndsWhenTheLastLateEventIsHandledAndTheLongestDelayIsThatOfTheFault() {
        List<Delivery> deliveries = new ArrayList<>();
        // Before the fault (at 10 s): 50 ms each.
        for (int s = 0; s < 10; s++) {
            deliveries.add(delivery(s * 1000, 50));
        }
        // Down from 10 s to 20 s: those events are handled once the consumer is back, at 25 s and 26 s.
        deliveries.add(delivery(12_000, 13_000));
        deliveries.add(delivery(19_000, 7_000));
        // Back to normal afterwards.
        deliveries.add(delivery(27_000, 60));
        deliveries.add(delivery(30_000, 40));

        Recovery recovery = Recovery.of(deliveries, T0.plusSeconds(10), T0.plusSeconds(20));

        assertThat(recovery.threshold()).isEqualTo(Duration.ofMillis(1050));
        assertThat(recovery.recovered()).isEqualTo(T0.plusSeconds(26));
        assertThat(recovery.after(T0.plusSeconds(20))).isEqualTo(Duration.ofSeconds(6));
        assertThat(recovery.longestDelay()).isEqualTo(Duration.ofSeconds(13));
    }

    @Test
    void aFaultNobodyFeltRecoversAtTheRestart() {
        List<Delivery> deliveries = List.of(delivery(0, 40), delivery(15_000, 45), delivery(25_000, 50));

        Recovery recovery = Recovery.of(deliveries, T0.plusSeconds(10), T0.plusSeconds(20));

        assertThat(recovery.after(T0.plusSeconds(20))).isZero();
        assertThat(recovery.longestDelay()).isEqualTo(Duration.ofMillis(45));
    }

    private static Delivery delivery(long acceptedAtMs, long delayMs) {
        Instant accepted = T0.plusMillis(acceptedAtMs);
        return new Delivery("loan-consumer", "e" + acceptedAtMs, accepted, accepted.plusMillis(delayMs));
    }
}
