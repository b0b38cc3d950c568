package io.cdcfanout.loaddriver;

import java.time.Duration;

/**
 * How a careful client retries one event: while the producer API answers {@code 503} (after its {@code Retry-After})
 * or does not answer at all (connection refused or reset, timeout), it sends the same body again — same event id,
 * which the API stores at most once — for at most {@code giveUpAfter} from the first attempt. Any other answer,
 * a {@code 500} included, is final: the client cannot know whether retrying is safe.
 *
 * @param giveUpAfter how long to keep retrying one event; {@link Duration#ZERO} sends each event once
 */
public record RetryPolicy(Duration giveUpAfter) {

    /** Each event sent once, as the k6 scripts do. */
    public static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO);

    /** Waited after a 503 without a usable {@code Retry-After}. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** A longer {@code Retry-After} is capped: the load must resume soon after the API does. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    public RetryPolicy {
        if (giveUpAfter == null || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("retry time must be zero or positive, got " + giveUpAfter);
        }
    }

    /** The wait after a 503 whose {@code Retry-After} header is {@code retryAfter} (delay-seconds, or null). */
    Duration afterUnavailable(String retryAfter) {
        if (retryAfter == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(retryAfter.trim());
            if (seconds < 0) {
                return DEFAULT_RETRY_AFTER;
            }
            Duration wait = Duration.ofSeconds(seconds);
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        } catch (NumberFormatException e) {
            // An HTTP date, which the producer never sends: the default is close enough for a load tool.
            return DEFAULT_RETRY_AFTER;
        }
    }

    /** The wait before attempt {@code attempt + 1} when attempt {@code attempt} (0 = the first) got no answer. */
    Duration afterNoAnswer(int attempt) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempt, 0), 4));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
