package io.cdcfanout.sdk.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.cdcfanout.sdk.consumer.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConsumerMetricsTest {

    @Test
    void madeUpEventTypesShareOneUnknownTagInsteadOfAMeterEach() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerMetrics metrics = new ConsumerMetrics(registry);

        for (int i = 0; i < 1000; i++) {
            metrics.consumed("filtered-loan-created-events", "MadeUp" + i);
            metrics.deadLettered("filtered-loan-created-events", "MadeUp" + i, DeadLetterReason.DECODE_FAILED);
        }
        metrics.consumed("filtered-loan-created-events", null);
        metrics.consumed("filtered-loan-created-events", "LoanCreated");

        assertThat(registry.find(MetricNames.CONSUMED).counters()).hasSize(2);
        assertThat(registry.get(MetricNames.CONSUMED).tag(MetricNames.TAG_EVENT_TYPE, ConsumerMetrics.UNKNOWN_TYPE).counter().count())
                .isEqualTo(1001);
        assertThat(registry.get(MetricNames.CONSUMED).tag(MetricNames.TAG_EVENT_TYPE, "LoanCreated").counter().count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.DEAD_LETTERED).counters()).hasSize(1);
    }
}
