package io.cdcfanout.connect.transforms;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The size Kafka's producer checks against {@code max.request.size} (and that the broker checks
 * against {@code max.message.bytes}) for a record sent alone: the upper bound of a batch holding
 * just this record, uncompressed, in the current record format (v2). Kafka computes it in an
 * internal class ({@code AbstractRecords.estimateSizeInBytesUpperBound}), which moved package in
 * 4.3; RecordSizeTest checks this copy against it.
 */
final class RecordSize {

    /** Header of a record batch (DefaultRecordBatch.RECORD_BATCH_OVERHEAD). */
    static final int BATCH_OVERHEAD = 61;
    /** Most a record's length, attributes, timestamp and offset deltas take (DefaultRecord.MAX_RECORD_OVERHEAD). */
    static final int MAX_RECORD_OVERHEAD = 21;

    /** A header as the header converter writes it. */
    record Header(String key, byte[] value) {}

    private RecordSize() {
    }

    /** Key and value as the converters write them (null for none), and the headers. */
    static long of(byte[] key, byte[] value, List<Header> headers) {
        long size = BATCH_OVERHEAD + MAX_RECORD_OVERHEAD + field(key) + field(value) + varintSize(headers.size());
        for (Header header : headers) {
            int keyBytes = header.key().getBytes(StandardCharsets.UTF_8).length;
            size += varintSize(keyBytes) + keyBytes + field(header.value());
        }
        return size;
    }

    private static long field(byte[] bytes) {
        return bytes == null ? 1 : varintSize(bytes.length) + bytes.length;
    }

    /** Bytes of a zig-zag encoded varint, as Kafka's ByteUtils.sizeOfVarint. */
    private static int varintSize(int value) {
        int zigzag = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((zigzag & 0xffffff80) != 0) {
            zigzag >>>= 7;
            bytes++;
        }
        return bytes;
    }
}
