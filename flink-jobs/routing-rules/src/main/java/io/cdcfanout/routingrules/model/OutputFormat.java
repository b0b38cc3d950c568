package io.cdcfanout.routingrules.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Encoding of routed values: {@link #JSON} copies the event bytes unchanged; {@link #AVRO}
 * writes the complete event as Avro in the Confluent wire format through the schema registry.
 */
public enum OutputFormat {
    JSON, AVRO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OutputFormat> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(OutputFormat::wireName).collect(Collectors.joining(", "));
    }
}
