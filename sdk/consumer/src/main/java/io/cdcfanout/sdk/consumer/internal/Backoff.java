package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.ConsumerConfig;
import java.time.Duration;

/**
 * The pauses between handler attempts, and between tries while the schema registry or the dedupe store fails:
 * {@code retry.initial-backoff}, times {@code retry.multiplier} after each pause, at least 1 ms and at most
 * {@code retry.max-backoff}.
 */
final class Backoff {

    private final ConsumerConfig.Retry retry;

    Backoff(ConsumerConfig.Retry retry) {
        this.retry = retry;
    }

    Duration initial() {
        return retry.initialBackoff();
    }

    Duration next(Duration current) {
        long next = (long) (current.toMillis() * retry.multiplier());
        return Duration.ofMillis(Math.min(Math.max(next, 1), retry.maxBackoff().toMillis()));
    }
}
