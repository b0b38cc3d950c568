package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.EventType;
import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.codec.Events;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.consumer.ConsumerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a record value in any {@link WireFormat} into its typed event. The type comes from the
 * {@code eventType} header when present (the contract puts it on every record), otherwise from the
 * payload ({@code eventHeader.eventType} in JSON, the writer schema's record name in Avro); the two must
 * agree. Avro readers are resolved once per writer schema and cached.
 */
@ApplicationScoped
public class EventDecoder {

    private final Optional<WireFormat> expectedFormat;
    private final SchemaRegistryClient registry;
    private final Map<ReaderKey, EventAvro.Reader> avroReaders = new ConcurrentHashMap<>();

    public EventDecoder(ConsumerConfig config, SchemaRegistryClient registry) {
        this.expectedFormat = config.format();
        this.registry = registry;
    }

    /**
     * @param typeHeader value of the {@code eventType} header, or {@code null}
     * @throws EventFormatException for anything that is not a valid event (a poison record)
     * @throws RegistryUnavailableException when the writer schema cannot be fetched now
     */
    public DecodedEvent decode(byte[] value, String typeHeader) throws RegistryUnavailableException, InterruptedException {
        if (value == null || value.length == 0) {
            throw new EventFormatException("empty record value (a tombstone?): expected an event");
        }
        EventType headerType = null;
        if (typeHeader != null) {
            headerType = Events.typeNamed(typeHeader);
            if (headerType == null) {
                throw new EventFormatException("header eventType '" + typeHeader + "' is not one of " + List.of(EventType.values()));
            }
        }
        WireFormat format = detect(value);
        if (expectedFormat.isPresent() && expectedFormat.get() != format) {
            throw new EventFormatException("record is " + format + " but cdcfanout.consumer.format is " + expectedFormat.get());
        }
        SpecificRecord event = switch (format) {
            case JSON -> EventJson.read(value, 0, value.length, headerType);
            case REGISTRY_JSON -> EventJson.read(value, ConfluentFraming.HEADER_LENGTH, value.length - ConfluentFraming.HEADER_LENGTH, headerType);
            case AVRO -> decodeAvro(value, headerType);
        };
        EventType payloadType = Events.header(event).getEventType();
        if (headerType != null && payloadType != headerType) {
            throw new EventFormatException("header eventType " + headerType + " disagrees with $.eventHeader.eventType " + payloadType);
        }
        return new DecodedEvent(event, payloadType, format);
    }

    /** Framed payloads are told apart without a registry round trip: an Avro event (a record whose first field is a string) never starts with '{'. */
    private static WireFormat detect(byte[] value) {
        if (!ConfluentFraming.isFramed(value)) {
            return WireFormat.JSON;
        }
        for (int i = ConfluentFraming.HEADER_LENGTH; i < value.length; i++) {
            byte b = value[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{' ? WireFormat.REGISTRY_JSON : WireFormat.AVRO;
            }
        }
        return WireFormat.AVRO;
    }

    private SpecificRecord decodeAvro(byte[] value, EventType headerType) throws RegistryUnavailableException, InterruptedException {
        int schemaId = ConfluentFraming.schemaId(value);
        Schema writer = registry.avroSchema(schemaId);
        EventType type = headerType != null ? headerType : Events.typeNamed(writer.getName());
        if (type == null) {
            throw new EventFormatException("cannot tell the event type: no eventType header and writer schema " + writer.getFullName()
                    + " (id " + schemaId + ") is not named after one of " + List.of(EventType.values()));
        }
        ReaderKey key = new ReaderKey(schemaId, type);
        EventAvro.Reader reader = avroReaders.get(key);
        if (reader == null) {
            reader = avroReaders.computeIfAbsent(key, k -> EventAvro.reader(writer, Events.schema(type)));
        }
        return EventAvro.read(reader, value, ConfluentFraming.HEADER_LENGTH, value.length - ConfluentFraming.HEADER_LENGTH);
    }

    /** A cached reader's key: a record, not a string built for every record read. */
    private record ReaderKey(int writerSchemaId, EventType type) {
    }
}
