package io.cdcfanout.sdk.consumer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.sdk.consumer.ConsumerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Fetches writer schemas by id from a Confluent-compatible registry ({@code GET /schemas/ids/{id}}) and
 * caches them for the life of the process: a schema id never changes meaning. Remembers whether the last
 * request reached the registry, for the readiness check.
 */
@ApplicationScoped
public class SchemaRegistryClient {

    private final ConsumerConfig.SchemaRegistry config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final HttpClient http;
    private volatile String unavailable;

    public SchemaRegistryClient(ConsumerConfig config) {
        this.config = config.schemaRegistry();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /**
     * The Avro writer schema with this id.
     *
     * @throws EventFormatException if the registry does not know the id or it is not an Avro schema
     * @throws RegistryUnavailableException if the registry cannot be reached or fails
     */
    public Schema avroSchema(int id) throws RegistryUnavailableException, InterruptedException {
        Schema cached = schemas.get(id);
        if (cached != null) {
            return cached;
        }
        Schema fetched = fetch(id);
        schemas.put(id, fetched);
        return fetched;
    }

    /** Why the registry is considered unavailable, or {@code null} if the last request reached it. */
    public String unavailable() {
        return unavailable;
    }

    private Schema fetch(int id) throws RegistryUnavailableException, InterruptedException {
        String base = config.url().orElseThrow(() -> new EventFormatException(
                "Avro record with schema id " + id + " but no schema registry configured (cdcfanout.consumer.schema-registry.url)"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/schemas/ids/" + id))
                .timeout(config.timeout())
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        config.basicAuthUserInfo().ifPresent(userInfo -> request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("schema registry " + base + " unreachable: " + e, e);
        }
        if (response.statusCode() == 404) {
            unavailable = null;
            throw new EventFormatException("schema id " + id + " is not in the schema registry " + base);
        }
        if (response.statusCode() != 200) {
            throw unavailable("schema registry " + base + " answered HTTP " + response.statusCode() + " for schema id " + id, null);
        }
        unavailable = null;
        try {
            JsonNode body = mapper.readTree(response.body());
            String type = body.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                throw new EventFormatException("schema id " + id + " is a " + type + " schema, but the record is not JSON");
            }
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (IOException | SchemaParseException e) {
            throw new EventFormatException("schema id " + id + " from the registry is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    private RegistryUnavailableException unavailable(String message, Throwable cause) {
        unavailable = message;
        return new RegistryUnavailableException(message, cause);
    }
}
