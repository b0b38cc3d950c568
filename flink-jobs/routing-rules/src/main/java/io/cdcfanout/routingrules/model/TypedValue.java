package io.cdcfanout.routingrules.model;

import java.time.Instant;

/**
 * A value of a condition, already checked against its {@link ValueType}.
 *
 * @param type the value type
 * @param value {@link String}, {@link Double}, {@link Boolean} or {@link Instant}
 */
public record TypedValue(ValueType type, Object value) {

    public String asString() {
        return (String) value;
    }

    public double asNumber() {
        return (Double) value;
    }

    public boolean asBoolean() {
        return (Boolean) value;
    }

    public Instant asInstant() {
        return (Instant) value;
    }
}
