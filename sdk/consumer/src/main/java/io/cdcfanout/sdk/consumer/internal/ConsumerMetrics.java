package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.cdcfanout.sdk.consumer.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Records the meters named in {@link MetricNames}. */
@ApplicationScoped
public class ConsumerMetrics {

    static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void consumed(String topic, String type) {
        registry.counter(MetricNames.CONSUMED, tags(topic, type)).increment();
    }

    public void succeeded(String topic, String type, Duration endToEndDelay) {
        registry.counter(MetricNames.SUCCEEDED, tags(topic, type)).increment();
        if (!endToEndDelay.isNegative()) {
            // Buckets, so that Prometheus can compute the p99 the end-to-end delay alert (infra/observability) watches.
            Timer.builder(MetricNames.END_TO_END_DELAY).tags(tags(topic, type)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry).record(endToEndDelay);
        }
    }

    public void handlerTime(String topic, String type, long nanos) {
        registry.timer(MetricNames.HANDLER_TIME, tags(topic, type)).record(Duration.ofNanos(nanos));
    }

    public void retried(String topic, String type) {
        registry.counter(MetricNames.RETRIED, tags(topic, type)).increment();
    }

    public void duplicateSkipped(String topic, String type) {
        registry.counter(MetricNames.DUPLICATES_SKIPPED, tags(topic, type)).increment();
    }

    public void deadLettered(String topic, String type, DeadLetterReason reason) {
        registry.counter(MetricNames.DEAD_LETTERED, tags(topic, type).and(MetricNames.TAG_REASON, reason.code())).increment();
    }

    private static Tags tags(String topic, String type) {
        return Tags.of(MetricNames.TAG_TOPIC, topic, MetricNames.TAG_EVENT_TYPE, type == null ? UNKNOWN_TYPE : type);
    }
}
