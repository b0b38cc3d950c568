package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.codec.Events;
import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.cdcfanout.sdk.consumer.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records the meters named in {@link MetricNames}. The meters of every record are kept by name, topic and event type
 * once registered: looking them up in the registry (tags sorted, an id built, the end-to-end timer's histogram
 * configured) for each of the three or four meters of every record cost more than recording.
 */
@ApplicationScoped
public class ConsumerMetrics {

    static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;
    private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void consumed(String topic, String type) {
        counter(MetricNames.CONSUMED, topic, type).increment();
    }

    public void succeeded(String topic, String type, Duration endToEndDelay) {
        counter(MetricNames.SUCCEEDED, topic, type).increment();
        if (!endToEndDelay.isNegative()) {
            // Buckets, so that Prometheus can compute the p99 the end-to-end delay alert (infra/observability) watches.
            meter(MetricNames.END_TO_END_DELAY, topic, type, tags -> Timer.builder(MetricNames.END_TO_END_DELAY).tags(tags)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry), Timer.class).record(endToEndDelay);
        }
    }

    public void handlerTime(String topic, String type, long nanos) {
        meter(MetricNames.HANDLER_TIME, topic, type, tags -> registry.timer(MetricNames.HANDLER_TIME, tags), Timer.class)
                .record(Duration.ofNanos(nanos));
    }

    public void retried(String topic, String type) {
        counter(MetricNames.RETRIED, topic, type).increment();
    }

    public void duplicateSkipped(String topic, String type) {
        counter(MetricNames.DUPLICATES_SKIPPED, topic, type).increment();
    }

    /** Rare: looked up in the registry each time. */
    public void deadLettered(String topic, String type, DeadLetterReason reason) {
        registry.counter(MetricNames.DEAD_LETTERED, tags(topic, type).and(MetricNames.TAG_REASON, reason.code())).increment();
    }

    private Counter counter(String name, String topic, String type) {
        return meter(name, topic, type, tags -> registry.counter(name, tags), Counter.class);
    }

    private <M extends Meter> M meter(String name, String topic, String type, Function<Tags, M> register, Class<M> kind) {
        String tag = typeTag(type);
        return kind.cast(meters.computeIfAbsent(new MeterKey(name, topic, tag), key -> register.apply(tags(topic, tag))));
    }

    private static Tags tags(String topic, String type) {
        return Tags.of(MetricNames.TAG_TOPIC, topic, MetricNames.TAG_EVENT_TYPE, typeTag(type));
    }

    /**
     * The event type as a tag: one of the contract's types, else {@value #UNKNOWN_TYPE}. The eventType header is the
     * producer's text: a tag per distinct value would let records with made-up types grow the meters without bound.
     */
    private static String typeTag(String type) {
        return Events.typeNamed(type) == null ? UNKNOWN_TYPE : type;
    }

    private record MeterKey(String name, String topic, String type) {
    }
}
