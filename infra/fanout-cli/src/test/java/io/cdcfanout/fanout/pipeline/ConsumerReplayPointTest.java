package io.cdcfanout.fanout.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What {@code ./fanout replay --to} accepts, and what it refuses with a message saying why. */
class ConsumerReplayPointTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void earliestInAnyCaseIsTheStartOfEachPartition() {
        assertThat(ConsumerReplay.Point.parse("earliest", NOW).earliest()).isTrue();
        assertThat(ConsumerReplay.Point.parse("EARLIEST", NOW).earliest()).isTrue();
    }

    @Test
    void anIsoDateTimeWithZoneOrOffsetIsThatInstant() {
        assertThat(ConsumerReplay.Point.parse("2026-12-01T09:00:00Z", NOW).instant()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(ConsumerReplay.Point.parse("2026-12-01T10:00:00+01:00", NOW).instant()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(ConsumerReplay.Point.parse("2026-12-01T09:00:00.250Z", NOW).instant()).isEqualTo(Instant.parse("2026-12-01T09:00:00.250Z"));
    }

    @Test
    void aNegativeDurationIsThatLongBeforeNow() {
        assertThat(ConsumerReplay.Point.parse("-90s", NOW).instant()).isEqualTo(Instant.parse("2026-12-06T11:58:30Z"));
        assertThat(ConsumerReplay.Point.parse("-30m", NOW).instant()).isEqualTo(Instant.parse("2026-12-06T11:30:00Z"));
        assertThat(ConsumerReplay.Point.parse("-2h", NOW).instant()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(ConsumerReplay.Point.parse("-7d", NOW).instant()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(ConsumerReplay.Point.parse("-0s", NOW).instant()).isEqualTo(NOW);
    }

    @Test
    void aTimeBeforeTheEpochOrBeyondWhatADateHoldsIsEveryRecord() {
        // Negative timestamps mean latest/earliest/… to ListOffsets, and toEpochMilli overflows far back.
        assertThat(ConsumerReplay.Point.parse("1960-01-01T00:00:00Z", NOW).earliest()).isTrue();
        assertThat(ConsumerReplay.Point.parse("-999999999-01-01T00:00:00Z", NOW).earliest()).isTrue();
        assertThat(ConsumerReplay.Point.parse("-9999999999999d", NOW).earliest()).isTrue();
        assertThat(ConsumerReplay.Point.parse("-99999999999999999999999s", NOW).earliest()).isTrue();
        assertThat(ConsumerReplay.Point.parse("-106751991167300d", NOW).earliest()).isTrue();
    }

    @Test
    void aDateTimeWithoutZoneIsRefusedSayingToAddOne() {
        assertThatThrownBy(() -> ConsumerReplay.Point.parse("2026-12-01T09:00:00", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no zone").hasMessageContaining("2026-12-01T09:00:00Z");
    }

    @Test
    void aTimeInTheFutureIsRefused() {
        assertThatThrownBy(() -> ConsumerReplay.Point.parse("2026-12-06T12:00:01Z", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is in the future");
    }

    @Test
    void anythingElseIsRefusedListingWhatIsAccepted() {
        for (String spec : new String[] {"", "2h", "+2h", "-2w", "-h", "latest", "yesterday", "2026-12-01", "1234"}) {
            assertThatThrownBy(() -> ConsumerReplay.Point.parse(spec, NOW)).as(spec)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2h").hasMessageContaining("2026-12-01T09:00:00Z");
        }
    }
}
