package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The failure a record is nacked with: SmallRye's dead-letter queue writes its message as header
 * {@code dead-letter-reason} ({@code <code>: <detail>}). The failure behind it travels in {@link #nackMetadata()} as
 * headers {@code dead-letter-cause} and {@code dead-letter-cause-class-name} rather than as this exception's cause,
 * because SmallRye would copy a cause's message unbounded. Every value is bounded by {@link DeadLetterHeaders}.
 */
public class DeadLetterException extends RuntimeException {

    private final DeadLetterReason reason;
    private final transient Throwable failure;

    public DeadLetterException(DeadLetterReason reason, String detail, Throwable failure) {
        super(DeadLetterHeaders.bounded(reason.code() + ": " + detail), null, false, false);
        this.reason = reason;
        this.failure = failure;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    /** What the dead-letter queue adds to the record's headers: the bounded cause and its class. */
    public Metadata nackMetadata() {
        RecordHeaders headers = new RecordHeaders();
        if (failure != null) {
            // SmallRye's own rule for a cause without message: its toString().
            String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
            headers.add(KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME, utf8(failure.getClass().getName()));
            headers.add(KafkaDeadLetterQueue.DEAD_LETTER_CAUSE, utf8(message));
        }
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }

    private static byte[] utf8(String value) {
        return DeadLetterHeaders.bounded(value).getBytes(StandardCharsets.UTF_8);
    }
}
