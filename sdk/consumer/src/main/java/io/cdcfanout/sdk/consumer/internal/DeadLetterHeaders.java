package io.cdcfanout.sdk.consumer.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds every dead-letter header value the SDK writes ({@code dead-letter-reason}, {@code dead-letter-cause}, ...)
 * to {@value #MAX_VALUE_BYTES} UTF-8 bytes, so that the dead letter of any event the producer API accepted fits
 * the pipeline's record limit whatever a handler's exception message holds (the size contract of issue #11).
 */
public final class DeadLetterHeaders {

    /** The largest value of one dead-letter header, in UTF-8 bytes, marker included. */
    public static final int MAX_VALUE_BYTES = 4096;
    /** Ends a value that was cut; ASCII, so its length is its size in bytes. */
    static final String TRUNCATED_MARKER = "...[truncated]";

    private DeadLetterHeaders() {
    }

    /**
     * The value itself when its UTF-8 form fits {@value #MAX_VALUE_BYTES} bytes; otherwise its longest prefix of whole
     * characters (never half a multi-byte sequence or surrogate pair) that fits together with {@value #TRUNCATED_MARKER}.
     */
    public static String bounded(String value) {
        return bounded(value, MAX_VALUE_BYTES);
    }

    static String bounded(String value, int maxBytes) {
        // A lone surrogate becomes '?' both here and in String.getBytes, so the byte counts agree.
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.wrap(value);
        if (!encoder.encode(chars, ByteBuffer.allocate(maxBytes), true).isOverflow()) {
            return value;
        }
        // The encoder stops before the first character that does not fit whole.
        CharBuffer prefix = CharBuffer.wrap(value);
        encoder.reset().encode(prefix, ByteBuffer.allocate(maxBytes - TRUNCATED_MARKER.length()), true);
        return value.substring(0, prefix.position()) + TRUNCATED_MARKER;
    }
}
