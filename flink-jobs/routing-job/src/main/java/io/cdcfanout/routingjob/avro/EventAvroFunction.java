package io.cdcfanout.routingjob.avro;

import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code EVENT_AVRO(event, topic)}: the event JSON as the SDK's typed Avro record of its event type, in the
 * Confluent wire format (magic byte, schema id, Avro binary). The writer schema is the SDK's schema of the
 * type, registered under {@code <topic>-<record full name>} (Confluent's TopicRecordNameStrategy), so one
 * topic can carry several event types and consumers resolve each record by its schema id.
 *
 * <p>Returns null for an event that does not fit its schema; the generated SQL never writes those (it
 * routes them to the dead-letter topic with {@link EventAvroErrorFunction}'s reason). Registry failures
 * fail the job, which restarts from its last checkpoint: no record is lost.
 */
public final class EventAvroFunction extends ScalarFunction {

    /** Job parameter ({@code pipeline.global-job-parameters}) with the registry's Confluent API URL. */
    public static final String REGISTRY_URL_PARAMETER = "cdcfanout.schema-registry.url";

    private transient SchemaRegistration registry;

    @Override
    public void open(FunctionContext context) {
        String url = context.getJobParameter(REGISTRY_URL_PARAMETER, null);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("job parameter " + REGISTRY_URL_PARAMETER + " is not set: Avro outputs need the schema registry URL");
        }
        registry = new SchemaRegistration(url);
    }

    public byte[] eval(String event, String topic) {
        if (event == null) {
            return null;
        }
        SpecificRecord record;
        try {
            byte[] json = event.getBytes(StandardCharsets.UTF_8);
            record = EventJson.read(json, 0, json.length);
        } catch (EventFormatException e) {
            return null;
        }
        Schema schema = record.getSchema();
        return ConfluentFraming.frame(registry.id(topic + "-" + schema.getFullName(), schema), EventAvro.write(record));
    }
}
