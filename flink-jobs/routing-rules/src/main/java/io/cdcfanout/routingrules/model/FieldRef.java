package io.cdcfanout.routingrules.model;

import java.util.Set;

/**
 * What a condition looks at: a JSON path inside the event value, or the CDC operation.
 *
 * <p>Syntax in rules files:
 * <ul>
 *   <li>{@code eventHeader.<name>}, or the bare header names {@code eventType}, {@code eventName},
 *       {@code uuid}, {@code createdDate}, {@code savedDate};</li>
 *   <li>{@code entity.<path>}: a field of the primary entity (the first of {@code entities}, whose
 *       id is the record key), e.g. {@code entity.dealerId}, {@code entity.owner.address.state};</li>
 *   <li>{@code entities[<n>].<path>}: a field of the n-th entity (0-based);</li>
 *   <li>{@code cdc.operation}: the Kafka header {@code __op} ({@code c}, {@code u}, {@code d},
 *       {@code r}) when present, else {@code c}: outbox events are inserts.</li>
 * </ul>
 * Path segments are identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}), optionally indexed ({@code parts[2]}).
 *
 * @param text the field as written in the rules file
 * @param jsonPath the SQL/JSON path into the event value ({@code $.entities[0].dealerId}), or
 *     {@code null} for {@link #CDC_OPERATION}
 * @param jsonPointer the same location as a JSON pointer ({@code /entities/0/dealerId}), or {@code null}
 */
public record FieldRef(String text, String jsonPath, String jsonPointer) {

    /** The field naming the CDC operation. */
    public static final String CDC_OPERATION = "cdc.operation";

    /** The Kafka header that carries the CDC operation when a connector adds it. */
    public static final String CDC_OPERATION_HEADER = "__op";

    /** The operation of events without that header: outbox rows are only ever inserted. */
    public static final String DEFAULT_CDC_OPERATION = "c";

    /** Header fields that may be named without the {@code eventHeader.} prefix. */
    public static final Set<String> HEADER_SHORTHANDS = Set.of("eventType", "eventName", "uuid", "createdDate", "savedDate");

    public boolean isCdcOperation() {
        return jsonPath == null;
    }
}
