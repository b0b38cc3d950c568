package io.cdcfanout.routingjob.avro;

import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.RegisteredAvro;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code EVENT_AVRO(event, topic)}: the event JSON as the SDK's typed Avro record of its event type, in the Confluent
 * wire format, its writer schema registered under {@code <topic>-<record full name>} ({@link RegisteredAvro}).
 *
 * <p>Returns null for an event that does not fit its schema; the generated SQL never writes those (it
 * routes them to the dead-letter topic with {@link EventAvroErrorFunction}'s reason). Registry failures
 * fail the job, which restarts from its last checkpoint: no record is lost.
 */
public final class EventAvroFunction extends ScalarFunction {

    /** Job parameter ({@code pipeline.global-job-parameters}) with the registry's Confluent API URL. */
    public static final String REGISTRY_URL_PARAMETER = "cdcfanout.schema-registry.url";

    private transient RegisteredAvro registry;

    @Override
    public void open(FunctionContext context) {
        String url = context.getJobParameter(REGISTRY_URL_PARAMETER, null);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("job parameter " + REGISTRY_URL_PARAMETER + " is not set: Avro outputs need the schema registry URL");
        }
        registry = new RegisteredAvro(url);
    }

    public byte[] eval(String event, String topic) {
        if (event == null) {
            return null;
        }
        try {
            return registry.encode(topic, event.getBytes(StandardCharsets.UTF_8));
        } catch (EventFormatException e) {
            return null;
        }
    }
}
