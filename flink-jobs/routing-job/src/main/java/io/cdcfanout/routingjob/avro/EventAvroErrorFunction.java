package io.cdcfanout.routingjob.avro;

import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.codec.RegisteredAvro;
import io.cdcfanout.routingrules.sql.HeaderValue;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code EVENT_AVRO_ERROR(event)}: null when the event JSON fits the SDK's Avro schema of its event type
 * (so {@link EventAvroFunction} can encode it), otherwise why not, naming the JSON path, e.g.
 * {@code does not fit the Avro schema of its eventType: $.entities[0].vin is missing}.
 */
public final class EventAvroErrorFunction extends ScalarFunction {

    /** Start of every reason, for the {@code routingError} header of dead letters. */
    public static final String PREFIX = RegisteredAvro.UNFIT_PREFIX;

    public String eval(String event) {
        if (event == null) {
            return PREFIX + "no value";
        }
        try {
            byte[] json = event.getBytes(StandardCharsets.UTF_8);
            EventJson.read(json, 0, json.length);
            return null;
        } catch (RuntimeException e) {
            // Any failure to read is about the data (EventFormatException names the path): never fail the job on it.
            // The path may hold the event's own (unbounded) keys: the reason becomes the routingError header of a
            // dead letter, which must still fit the record limit.
            return HeaderValue.bounded(PREFIX + e.getMessage());
        }
    }
}
