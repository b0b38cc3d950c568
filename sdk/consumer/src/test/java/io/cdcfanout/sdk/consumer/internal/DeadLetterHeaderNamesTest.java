package io.cdcfanout.sdk.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.pipeline.DeadLetters;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fanout dlq} (local-stack's {@link DeadLetters}) reads and removes the dead-letter headers by name; it
 * cannot depend on this module, so its list must stay the names the SDK's dead-letter queue writes.
 * ConsumerSdkTest checks a real dead letter carries exactly these.
 */
class DeadLetterHeaderNamesTest {

    @Test
    void theLauncherListsExactlyTheHeaderNamesOfTheSdksDeadLetterQueue() {
        assertThat(DeadLetters.SDK_HEADERS).containsExactlyInAnyOrder(
                KafkaDeadLetterQueue.DEAD_LETTER_REASON,
                KafkaDeadLetterQueue.DEAD_LETTER_CAUSE,
                KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME,
                KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME,
                KafkaDeadLetterQueue.DEAD_LETTER_TOPIC,
                KafkaDeadLetterQueue.DEAD_LETTER_PARTITION,
                KafkaDeadLetterQueue.DEAD_LETTER_OFFSET);
        assertThat(DeadLetters.SDK_REASON_HEADER).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_REASON);
        assertThat(DeadLetters.SDK_TOPIC_HEADER).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_TOPIC);
        assertThat(DeadLetters.EVENT_ID_HEADER).isEqualTo(EventDispatcher.EVENT_ID_HEADER);
        assertThat(DeadLetters.EVENT_TYPE_HEADER).isEqualTo(EventDispatcher.EVENT_TYPE_HEADER);
    }
}
