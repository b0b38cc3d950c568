package io.cdcfanout.producerapi.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The size of a JSON value as PostgreSQL prints it from {@code jsonb} ({@code payload::text}), computed
 * without building the text or asking the database. That text is what Debezium publishes as the record
 * value of an event, so it is what must fit Kafka's record limit. jsonb prints {@code {"a": 1, "b": [1, 2]}}
 * (separators {@code ", "} and {@code ": "}), escapes strings like PostgreSQL's {@code escape_json}, and
 * prints numbers like {@code numeric_out}: every digit, never an exponent ({@code 1e300} is 301 characters).
 * Key order does not change the size. JsonbTextTest compares these sizes with PostgreSQL's own.
 */
public final class JsonbText {

    /** PostgreSQL numeric keeps at most this many digits after the decimal point (NUMERIC_DSCALE_MAX). */
    public static final long NUMERIC_MAX_FRACTION_DIGITS = 16383;
    /** PostgreSQL numeric keeps at most this many digits before the decimal point ((NUMERIC_WEIGHT_MAX + 1) * DEC_DIGITS). */
    public static final long NUMERIC_MAX_INTEGER_DIGITS = 131072;

    private JsonbText() {
    }

    /** Octets of the jsonb text of {@code node}: {@code octet_length(node::jsonb::text)}. */
    public static long length(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                long length = 2 + separators(node.size());
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    length += string(member.getKey()) + 2 + length(member.getValue());
                }
                yield length;
            }
            case ARRAY -> {
                long length = 2 + separators(node.size());
                for (JsonNode element : node) {
                    length += length(element);
                }
                yield length;
            }
            case STRING -> string(node.textValue());
            case NUMBER -> number(node);
            case BOOLEAN -> node.booleanValue() ? 4 : 5;
            case NULL -> 4;
            // The strict reader produces only the JSON types above.
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        };
    }

    private static long separators(int members) {
        return members == 0 ? 0 : 2L * (members - 1);
    }

    /** A quoted string: UTF-8, with {@code \" \\ \b \f \n \r \t} as two characters and other control characters as a six-character unicode escape. */
    static long string(String text) {
        long length = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                length += 2;
            } else if (c < 0x20) {
                length += 6;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** A number as numeric_out prints it. */
    static long number(JsonNode node) {
        if (node.isBigDecimal() || node.isFloatingPointNumber()) {
            return decimal(node.decimalValue());
        }
        return node.isBigInteger() ? node.bigIntegerValue().toString().length() : Long.toString(node.longValue()).length();
    }

    /** Length of {@code value} written out in full, e.g. 301 for {@code 1e300}, 6 for {@code -1.2e-2} ({@code -0.012}). */
    public static long decimal(BigDecimal value) {
        long fraction = fractionDigits(value);
        return (value.signum() < 0 ? 1 : 0) + integerDigits(value) + (fraction > 0 ? 1 + fraction : 0);
    }

    /** Digits before the decimal point in numeric's text ({@code 0.5} has one, {@code 1e300} 301). */
    public static long integerDigits(BigDecimal value) {
        return value.signum() == 0 ? 1 : Math.max(1, (long) value.precision() - value.scale());
    }

    /** Digits after the decimal point in numeric's text: the written scale, so {@code 1.50} keeps two. */
    public static long fractionDigits(BigDecimal value) {
        return Math.max(0, value.scale());
    }

    /** One part of a document and its share of the jsonb text. */
    public record Part(String pointer, long length) {
    }

    /**
     * The parts that make a document large, largest first (at most {@code max}): starting at the root,
     * every member holding at least a tenth of the whole is followed down; a part none of whose members
     * holds a tenth is reported itself (e.g. an array of 3,500 big numbers, rather than one number).
     */
    public static List<Part> largestParts(JsonNode root, int max) {
        long total = length(root);
        List<Part> parts = new ArrayList<>();
        collect(root, "", total, Math.max(1, total / 10), parts);
        parts.sort(Comparator.comparingLong(Part::length).reversed());
        return parts.size() > max ? List.copyOf(parts.subList(0, max)) : List.copyOf(parts);
    }

    private static void collect(JsonNode node, String pointer, long length, long threshold, List<Part> parts) {
        boolean followed = false;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                long memberLength = length(member.getValue());
                if (memberLength >= threshold) {
                    collect(member.getValue(), pointer + "/" + EventValidator.escape(member.getKey()), memberLength, threshold, parts);
                    followed = true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                long elementLength = length(node.get(i));
                if (elementLength >= threshold) {
                    collect(node.get(i), pointer + "/" + i, elementLength, threshold, parts);
                    followed = true;
                }
            }
        }
        if (!followed) {
            parts.add(new Part(pointer, length));
        }
    }
}
