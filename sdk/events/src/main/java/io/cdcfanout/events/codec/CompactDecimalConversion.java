package io.cdcfanout.events.codec;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Avro's decimal conversion, reading an unscaled value of up to 8 bytes (every {@code decimal(18, 2)} amount of the
 * events) as a {@code long}: Avro's own goes through a copied array and a {@link java.math.BigInteger}, which was the
 * largest single cost of decoding an Avro event. Longer values, and writing, are Avro's. The generated event classes
 * use it (the Avro compiler's {@code customConversions}), and so does {@link Events#MODEL}.
 */
public final class CompactDecimalConversion extends Conversions.DecimalConversion {

    @Override
    public BigDecimal fromBytes(ByteBuffer value, Schema schema, LogicalType type) {
        if (!value.hasArray()) {
            return super.fromBytes(value, schema, type);
        }
        return fromBytes(value.array(), value.arrayOffset() + value.position(), value.remaining(), schema, type);
    }

    /** {@link #fromBytes(ByteBuffer, Schema, LogicalType)} of {@code length} bytes of {@code data} from {@code start}, read in place. */
    BigDecimal fromBytes(byte[] data, int start, int length, Schema schema, LogicalType type) {
        if (length == 0 || length > Long.BYTES) {
            return super.fromBytes(ByteBuffer.wrap(data, start, length), schema, type);
        }
        long unscaled = data[start]; // the first byte carries the sign (big-endian two's complement)
        for (int i = 1; i < length; i++) {
            unscaled = unscaled << 8 | data[start + i] & 0xFF;
        }
        return BigDecimal.valueOf(unscaled, ((LogicalTypes.Decimal) type).getScale());
    }
}
