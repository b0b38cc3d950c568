package io.cdcfanout.events.codec;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;

/**
 * Avro's binary encoding read straight from a byte array, for {@link OwnSchemaReader}. Written by hand because Avro's
 * {@code BinaryDecoder} cannot decode a string or an amount in place: it copies each string into a scratch buffer and
 * each amount into a fresh {@code ByteBuffer} first. Numbers are decoded as Avro decodes them (same results, same
 * "Invalid int/long encoding" and negative-length errors); unlike Avro, every length is checked against the bytes left
 * before anything is allocated, so a hostile length fails as a truncated record instead of allocating its size.
 */
final class AvroInput {

    private final byte[] data;
    private final int end;
    private int position;

    AvroInput(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    boolean atEnd() {
        return position == end;
    }

    int remaining() {
        return end - position;
    }

    boolean readBoolean() throws IOException {
        return next() == 1; // as Avro: any other byte is false
    }

    int readInt() throws IOException {
        int raw = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = next();
            raw |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidNumberEncodingException("Invalid int encoding");
    }

    long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next();
            raw |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidNumberEncodingException("Invalid long encoding");
    }

    double readDouble() throws IOException {
        require(Double.BYTES, "a double");
        long bits = 0;
        for (int i = 0; i < Double.BYTES; i++) {
            bits |= (data[position + i] & 0xFFL) << (8 * i);
        }
        position += Double.BYTES;
        return Double.longBitsToDouble(bits);
    }

    String readString() throws IOException {
        int length = SystemLimitException.checkMaxStringLength(readLong());
        require(length, "a string");
        String value = length == 0 ? "" : new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /** A {@code decimal} on {@code bytes}, read in place as {@link CompactDecimalConversion} reads it. */
    BigDecimal readDecimal(CompactDecimalConversion conversion, Schema schema, LogicalTypes.Decimal type)
            throws IOException {
        int length = SystemLimitException.checkMaxBytesLength(readLong());
        require(length, "a decimal");
        BigDecimal value = conversion.fromBytes(data, position, length, schema, type);
        position += length;
        return value;
    }

    /**
     * The item count of an array block as Avro reads it (a negative count is followed by the block's size in bytes),
     * with Avro's limit on the items of one collection: {@code itemsSoFar} is the count of its earlier blocks.
     */
    long readItemCount(long itemsSoFar) throws IOException {
        long count = readLong();
        if (count < 0) {
            readLong();
            count = -count;
        }
        SystemLimitException.checkMaxCollectionLength(itemsSoFar, count);
        return count;
    }

    private int next() throws IOException {
        if (position >= end) {
            throw new EOFException("record ends at byte " + position + ", in the middle of a value");
        }
        return data[position++] & 0xFF;
    }

    private void require(int length, String what) throws IOException {
        if (length > end - position) {
            throw new EOFException(what + " of " + length + " bytes at byte " + position + ", but only " + (end - position) + " bytes are left");
        }
    }
}
