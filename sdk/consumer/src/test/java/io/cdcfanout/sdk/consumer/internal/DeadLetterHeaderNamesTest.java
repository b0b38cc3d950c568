package io.cdcfanout.sdk.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.events.RecordHeaders;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fanout dlq} reads and removes the dead-letter headers by the names in {@link RecordHeaders}; the CLI does
 * not depend on the SDK, so that list must stay the names the SDK's dead-letter queue (SmallRye's) writes.
 * ConsumerSdkTest checks a real dead letter carries exactly these.
 */
class DeadLetterHeaderNamesTest {

    @Test
    void theContractListsExactlyTheHeaderNamesOfTheSdksDeadLetterQueue() {
        assertThat(RecordHeaders.SDK_DEAD_LETTER).containsExactlyInAnyOrder(
                KafkaDeadLetterQueue.DEAD_LETTER_REASON,
                KafkaDeadLetterQueue.DEAD_LETTER_CAUSE,
                KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME,
                KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME,
                KafkaDeadLetterQueue.DEAD_LETTER_TOPIC,
                KafkaDeadLetterQueue.DEAD_LETTER_PARTITION,
                KafkaDeadLetterQueue.DEAD_LETTER_OFFSET);
        assertThat(RecordHeaders.DEAD_LETTER_REASON).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_REASON);
        assertThat(RecordHeaders.DEAD_LETTER_TOPIC).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_TOPIC);
        assertThat(RecordHeaders.EVENT_ID).isEqualTo(RecordHeaders.EVENT_ID);
        assertThat(RecordHeaders.EVENT_TYPE).isEqualTo(RecordHeaders.EVENT_TYPE);
    }
}
