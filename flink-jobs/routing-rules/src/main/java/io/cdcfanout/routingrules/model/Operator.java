package io.cdcfanout.routingrules.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Comparison operators of a condition. Every comparison is false when the field is missing or
 * does not parse as the condition's {@link ValueType} (so {@code notEquals} does not match a
 * missing field); {@link #IS_NULL}, {@link #IS_NOT_NULL} and {@link #EXISTS} test presence.
 */
public enum Operator {
    EQUALS("equals", Arity.ONE, EnumSet.allOf(ValueType.class)),
    NOT_EQUALS("notEquals", Arity.ONE, EnumSet.allOf(ValueType.class)),
    IN("in", Arity.LIST, EnumSet.allOf(ValueType.class)),
    NOT_IN("notIn", Arity.LIST, EnumSet.allOf(ValueType.class)),
    GREATER_THAN("greaterThan", Arity.ONE, Ordered.TYPES),
    GREATER_THAN_OR_EQUAL("greaterThanOrEqual", Arity.ONE, Ordered.TYPES),
    LESS_THAN("lessThan", Arity.ONE, Ordered.TYPES),
    LESS_THAN_OR_EQUAL("lessThanOrEqual", Arity.ONE, Ordered.TYPES),
    /** Inclusive on both ends: {@code min <= field <= max}. */
    BETWEEN("between", Arity.RANGE, Ordered.TYPES),
    /**
     * Java regular expression ({@link java.util.regex.Pattern}) that matches any part of the
     * field's text, like Flink's {@code REGEXP}; anchor with {@code ^…$} to match all of it.
     */
    MATCHES("matches", Arity.ONE, EnumSet.of(ValueType.STRING)),
    STARTS_WITH("startsWith", Arity.ONE, EnumSet.of(ValueType.STRING)),
    /** The field is missing, JSON {@code null}, or an object/array (it has no scalar value). */
    IS_NULL("isNull", Arity.NONE, EnumSet.allOf(ValueType.class)),
    /** The field has a scalar, non-null value. */
    IS_NOT_NULL("isNotNull", Arity.NONE, EnumSet.allOf(ValueType.class)),
    /** The path exists in the event with a non-null value (scalar, object or array), like SQL {@code JSON_EXISTS}. */
    EXISTS("exists", Arity.NONE, EnumSet.allOf(ValueType.class));

    /** How many values an operator takes. */
    public enum Arity {
        /** No value. */
        NONE,
        /** {@code value}. */
        ONE,
        /** {@code values}: a non-empty list. */
        LIST,
        /** {@code min} and {@code max}. */
        RANGE
    }

    private static final class Ordered {
        static final Set<ValueType> TYPES = EnumSet.of(ValueType.NUMBER, ValueType.TIMESTAMP);
    }

    private final String wireName;
    private final Arity arity;
    private final Set<ValueType> types;

    Operator(String wireName, Arity arity, Set<ValueType> types) {
        this.wireName = wireName;
        this.arity = arity;
        this.types = types;
    }

    /** The name used in rules files, e.g. {@code greaterThanOrEqual}. */
    public String wireName() {
        return wireName;
    }

    public Arity arity() {
        return arity;
    }

    /** The value types this operator accepts. */
    public Set<ValueType> types() {
        return types;
    }

    public static Optional<Operator> fromWireName(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Operator::wireName).collect(Collectors.joining(", "));
    }
}
