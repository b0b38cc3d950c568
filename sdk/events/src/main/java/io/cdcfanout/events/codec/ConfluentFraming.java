package io.cdcfanout.events.codec;

import java.nio.ByteBuffer;

/** The Confluent wire-format prefix: magic byte {@value #MAGIC_BYTE}, then the schema id as a 4-byte big-endian int. */
public final class ConfluentFraming {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private ConfluentFraming() {
    }

    /** Whether the value starts with the magic byte (a plain JSON value starts with '{' or whitespace). */
    public static boolean isFramed(byte[] value) {
        return value.length > 0 && value[0] == MAGIC_BYTE;
    }

    /** The schema id of a framed value. */
    public static int schemaId(byte[] value) {
        if (value.length < HEADER_LENGTH || value[0] != MAGIC_BYTE) {
            throw new EventFormatException("not in Confluent wire format: " + value.length + " bytes, first byte "
                    + (value.length == 0 ? "none" : String.valueOf(value[0])) + ", expected magic byte 0 and a 4-byte schema id");
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** Prefixes a payload with the magic byte and a schema id. */
    public static byte[] frame(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(HEADER_LENGTH + payload.length).put(MAGIC_BYTE).putInt(schemaId).put(payload).array();
    }
}
