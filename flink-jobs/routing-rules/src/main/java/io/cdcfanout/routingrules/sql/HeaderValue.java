package io.cdcfanout.routingrules.sql;

import java.nio.charset.StandardCharsets;

/**
 * Bounds the values of the headers the routing job adds (the rule's name on routed records, the
 * reason on dead letters) to {@value #MAX_BYTES} UTF-8 bytes, so that a record plus these headers
 * still fits the record limit: longer text is cut at a character boundary and ends with
 * {@value #MARKER}.
 */
public final class HeaderValue {

    /** The most bytes a header value the routing job writes may take. */
    public static final int MAX_BYTES = 4096;
    /** Ends a cut value. */
    public static final String MARKER = "…[truncated]";
    private static final int MARKER_BYTES = MARKER.getBytes(StandardCharsets.UTF_8).length;

    private HeaderValue() {
    }

    /** The text itself when it fits, otherwise its longest prefix that fits with the marker. */
    public static String bounded(String text) {
        // Three bytes per char at most (a surrogate pair is 2 chars for 4 bytes): short text needs no encoding.
        if (text == null || (long) text.length() * 3 <= MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return text;
        }
        int budget = MAX_BYTES - MARKER_BYTES;
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + MARKER;
    }
}
