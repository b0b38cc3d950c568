package io.cdcfanout.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The record value a rule with {@code outputFormat: avro} carries: the event JSON as the typed Avro record of its event
 * type, in the Confluent wire format (magic byte, schema id, Avro binary). The writer schema is registered under
 * {@code <topic>-<record full name>} (Confluent's TopicRecordNameStrategy), so one topic can carry several event types
 * and consumers resolve each record by its schema id. One copy for the routing job and {@code ./fanout backfill}, so a
 * backfilled record is the record the job writes.
 *
 * <p>Schemas are registered through the registry's Confluent API ({@code POST /subjects/<subject>/versions}, which
 * returns the existing id when the schema is there already) and their ids cached. The JDK's HTTP client keeps the
 * routing job's jar free of Confluent's client, which is not on Maven Central.
 */
public final class RegisteredAvro {

    /** Start of every reason an event does not fit, e.g. for a dead letter's {@code routingError} header. */
    public static final String UNFIT_PREFIX = "does not fit the Avro schema of its eventType: ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    /** @param url the registry's Confluent-compatible API, e.g. {@code http://host:8085/apis/ccompat/v7} */
    public RegisteredAvro(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Encodes one event for {@code topic}.
     *
     * @param json the event as UTF-8 JSON
     * @throws EventFormatException when the event does not fit its type's schema (the message names the JSON path)
     * @throws IllegalStateException when the registry refuses the schema (e.g. incompatible with the subject's
     *     history) or cannot be reached
     */
    public byte[] encode(String topic, byte[] json) {
        SpecificRecord record = EventJson.read(json, 0, json.length);
        Schema schema = record.getSchema();
        return ConfluentFraming.frame(id(topic + "-" + schema.getFullName(), schema), EventAvro.write(record));
    }

    /** The id of {@code schema} under {@code subject}, registering it the first time. */
    private int id(String subject, Schema schema) {
        return ids.computeIfAbsent(subject, s -> register(s, schema));
    }

    private int register(String subject, Schema schema) {
        String target = url + "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
        try {
            String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode id = response.statusCode() == 200 ? JSON.readTree(response.body()).get("id") : null;
            if (id == null || !id.canConvertToInt()) {
                throw new IllegalStateException("schema registry refused " + schema.getFullName() + " under subject " + subject
                        + " at " + target + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return id.intValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register " + schema.getFullName() + " at " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering " + schema.getFullName(), e);
        }
    }
}
