package io.cdcfanout.routingrules.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcfanout.routingrules.model.TypedValue;
import io.cdcfanout.routingrules.model.ValueType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Conversion of rule values to their {@link ValueType}. */
final class TypedValues {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private TypedValues() {}

    static Optional<TypedValue> parse(JsonNode value, ValueType type) {
        return switch (type) {
            case STRING -> value.isTextual() ? Optional.of(new TypedValue(type, value.textValue())) : Optional.empty();
            case NUMBER -> {
                double number;
                if (value.isNumber()) {
                    number = value.doubleValue();
                } else if (value.isTextual() && NUMBER.matcher(value.textValue()).matches()) {
                    number = Double.parseDouble(value.textValue());
                } else {
                    yield Optional.empty();
                }
                yield Double.isFinite(number) ? Optional.of(new TypedValue(type, number)) : Optional.empty();
            }
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    yield Optional.of(new TypedValue(type, value.booleanValue()));
                }
                if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
                    yield Optional.of(new TypedValue(type, Boolean.parseBoolean(value.textValue())));
                }
                yield Optional.empty();
            }
            case TIMESTAMP -> {
                if (!value.isTextual()) {
                    yield Optional.empty();
                }
                try {
                    yield Optional.of(new TypedValue(type, Instant.parse(value.textValue())));
                } catch (DateTimeParseException e) {
                    yield Optional.empty();
                }
            }
        };
    }

    static String expectation(ValueType type) {
        return switch (type) {
            case STRING -> "valueType string expects a quoted string (set valueType for numbers, booleans and timestamps)";
            case NUMBER -> "valueType number expects a finite JSON number or numeric string such as 100000 or 1.5e3";
            case BOOLEAN -> "valueType boolean expects true or false";
            case TIMESTAMP -> "valueType timestamp expects an ISO-8601 instant such as 2025-01-15T10:30:00Z";
        };
    }
}
