package io.cdcfanout.routingrules.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a field's value and the rule's values are compared.
 *
 * <ul>
 *   <li>{@code string}: the field's JSON text, compared exactly (case-sensitive).</li>
 *   <li>{@code number}: both sides as IEEE-754 doubles; the field must be a JSON number or a
 *       numeric string ({@code -12}, {@code 1.5e3}).</li>
 *   <li>{@code boolean}: the field must be JSON {@code true}/{@code false}.</li>
 *   <li>{@code timestamp}: ISO-8601 UTC instants as in the event contract
 *       ({@code 2025-01-15T10:30:00Z}, optional fraction); other forms do not match.</li>
 * </ul>
 */
public enum ValueType {
    STRING, NUMBER, BOOLEAN, TIMESTAMP;

    /** The name used in rules files. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ValueType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equalsIgnoreCase(name)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ValueType::wireName).collect(Collectors.joining(", "));
    }
}
