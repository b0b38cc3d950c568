package io.cdcfanout.events.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary encoding of typed events (without framing). Reading resolves the writer's schema against
 * the typed event's schema: fields the writer added are skipped, fields it lacks get their defaults.
 */
public final class EventAvro {

    /** A decoder per thread, pointed at each record in turn: creating one (with its buffers) costs a tenth of decoding an event. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private EventAvro() {
    }

    /** The Avro binary of a typed event, with its own schema as writer schema. */
    public static byte[] write(SpecificRecord event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(event.getSchema(), Events.MODEL).write(event, encoder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.getSchema().getName(), e);
        }
        return out.toByteArray();
    }

    /**
     * A reader from {@code writer}'s schema into the typed event with schema {@code reader}. Create one per
     * writer schema and reuse it: resolving schemas is the expensive part. Fails with an
     * {@link EventFormatException} if the schemas cannot be resolved.
     */
    public static DatumReader<SpecificRecord> reader(Schema writer, Schema reader) {
        try {
            return new FastReaderBuilder(Events.READING_MODEL).createDatumReader(writer, reader);
        } catch (IOException | AvroRuntimeException e) {
            throw new EventFormatException("writer schema " + writer.getFullName() + " cannot be read as " + reader.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes {@code length} bytes from {@code offset} with a reader from {@link #reader}. */
    public static SpecificRecord read(DatumReader<SpecificRecord> reader, byte[] data, int offset, int length) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, length, DECODERS.get());
        DECODERS.set(decoder);
        try {
            SpecificRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new EventFormatException("Avro record has trailing bytes: it does not match its writer schema");
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new EventFormatException("not valid Avro for its writer schema: " + e, e);
        }
    }
}
