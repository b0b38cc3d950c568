package io.cdcfanout.events.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
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
 * the typed event's schema: fields the writer added are skipped, fields it lacks get their defaults. A writer schema
 * that is the typed event's own (nearly every record) is read by {@link OwnSchemaReader} instead of Avro's reader.
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
     * writer schema and reuse it: resolving schemas, or planning the reader's own, is the expensive part. Fails with an
     * {@link EventFormatException} if the schemas cannot be resolved.
     */
    public static Reader reader(Schema writer, Schema reader) {
        // Same parsing fingerprint: the same fields, types and order, so the same bytes; what the values become (the
        // logical types) is the reader's in both readers. Any other writer schema is resolved by Avro.
        if (SchemaNormalization.parsingFingerprint64(writer) == SchemaNormalization.parsingFingerprint64(reader)) {
            return new OwnSchemaReader(reader);
        }
        return resolvingReader(writer, reader);
    }

    /** Avro's resolving reader, for a writer schema that is not the reader's own. */
    static Reader resolvingReader(Schema writer, Schema reader) {
        try {
            return new ResolvingReader(new FastReaderBuilder(Events.READING_MODEL).createDatumReader(writer, reader));
        } catch (IOException | AvroRuntimeException e) {
            throw new EventFormatException("writer schema " + writer.getFullName() + " cannot be read as " + reader.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes {@code length} bytes from {@code offset} with a reader from {@link #reader}. */
    public static SpecificRecord read(Reader reader, byte[] data, int offset, int length) {
        try {
            return reader.decode(data, offset, length);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                | NumberFormatException | UnsupportedOperationException e) {
            // NumberFormatException: a decimal of no bytes; UnsupportedOperationException: a length beyond what Java can hold.
            throw new EventFormatException("not valid Avro for its writer schema: " + e, e);
        }
    }

    static void requireEnd(boolean atEnd) {
        if (!atEnd) {
            throw new EventFormatException("Avro record has trailing bytes: it does not match its writer schema");
        }
    }

    /** Decodes Avro binary of one writer schema into typed events; made by {@link #reader}, used with {@link #read}. */
    public abstract static class Reader {

        Reader() {
        }

        abstract SpecificRecord decode(byte[] data, int offset, int length) throws IOException;
    }

    private static final class ResolvingReader extends Reader {

        private final DatumReader<SpecificRecord> avro;

        ResolvingReader(DatumReader<SpecificRecord> avro) {
            this.avro = avro;
        }

        @Override
        SpecificRecord decode(byte[] data, int offset, int length) throws IOException {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, length, DECODERS.get());
            DECODERS.set(decoder);
            SpecificRecord record = avro.read(null, decoder);
            requireEnd(decoder.isEnd());
            return record;
        }
    }
}
