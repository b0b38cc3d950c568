package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.EventType;
import io.cdcfanout.events.codec.WireFormat;
import org.apache.avro.specific.SpecificRecord;

/** A record value decoded into its typed event. */
public record DecodedEvent(SpecificRecord event, EventType type, WireFormat format) {
}
