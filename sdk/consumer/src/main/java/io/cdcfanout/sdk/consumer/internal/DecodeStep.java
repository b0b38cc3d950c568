package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.codec.EventFormatException;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Decodes a record's value into its typed event with {@link EventDecoder}, waiting out schema registry outages. */
final class DecodeStep {

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");

    private final EventDecoder decoder;
    private final Backoff backoff;

    DecodeStep(EventDecoder decoder, Backoff backoff) {
        this.decoder = decoder;
        this.backoff = backoff;
    }

    /**
     * A registry outage is not the record's fault: wait (readiness is DOWN meanwhile) instead of dead-lettering.
     *
     * @throws EventFormatException the value is not a valid event (a poison record)
     */
    DecodedEvent decode(byte[] value, String typeHeader) throws InterruptedException {
        Duration pause = backoff.initial();
        while (true) {
            try {
                return decoder.decode(value, typeHeader);
            } catch (RegistryUnavailableException e) {
                LOG.warnf("waiting %d ms for the schema registry: %s", pause.toMillis(), e.getMessage());
                Thread.sleep(pause.toMillis());
                pause = backoff.next(pause);
            }
        }
    }
}
