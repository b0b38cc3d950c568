package io.cdcfanout.sdk.consumer;

/**
 * Every Micrometer meter the SDK registers, in one place. All carry the tags {@value #TAG_TOPIC} and
 * {@value #TAG_EVENT_TYPE} ({@code unknown} when a record could not be decoded far enough).
 * With the Prometheus registry, dots become underscores and counters get {@code _total}.
 */
public final class MetricNames {

    /** Counter: records received from the topic. */
    public static final String CONSUMED = "cdcfanout.consumer.events.consumed";
    /** Counter: events the handler processed successfully (offset then committed). */
    public static final String SUCCEEDED = "cdcfanout.consumer.events.succeeded";
    /** Counter: handler attempts that failed with a RetryableException and were retried. */
    public static final String RETRIED = "cdcfanout.consumer.events.retried";
    /** Counter: records sent to the dead-letter topic; tag {@value #TAG_REASON}. */
    public static final String DEAD_LETTERED = "cdcfanout.consumer.events.dead.lettered";
    /** Counter: events skipped because their id was already processed. */
    public static final String DUPLICATES_SKIPPED = "cdcfanout.consumer.events.duplicates.skipped";
    /** Timer: time spent in the handler per attempt. */
    public static final String HANDLER_TIME = "cdcfanout.consumer.handler.time";
    /** Timer: from the event's creation ({@code eventHeader.createdDate}) to its successful handling. */
    public static final String END_TO_END_DELAY = "cdcfanout.consumer.end.to.end.delay";
    /** Counter: delivery receipts that could not be sent to the receipts topic. */
    public static final String RECEIPTS_FAILED = "cdcfanout.consumer.receipts.failed";

    public static final String TAG_TOPIC = "topic";
    public static final String TAG_EVENT_TYPE = "event_type";
    /** Why a record was dead-lettered: one of the {@code DeadLetterReason} codes. */
    public static final String TAG_REASON = "reason";

    private MetricNames() {
    }
}
