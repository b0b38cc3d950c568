package io.cdcfanout.sdk.consumer.internal;

/** How a record's steps left it, i.e. what {@link SettleStep} does with it. */
sealed interface Outcome {

    /** Acked, so committed in order: the handler returned, or the event was a duplicate. */
    Outcome ACK = new Ack();
    /** Neither acked nor nacked (shutdown): not committed, so consumed again after the restart. */
    Outcome ABANDONED = new Abandoned();

    record Ack() implements Outcome {
    }

    record Abandoned() implements Outcome {
    }

    /** Nacked: SmallRye's dead-letter queue writes the record with the failure's headers, then it is committed. */
    record DeadLetter(DeadLetterException failure) implements Outcome {
    }
}
