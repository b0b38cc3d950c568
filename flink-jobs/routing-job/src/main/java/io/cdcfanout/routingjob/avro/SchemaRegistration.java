package io.cdcfanout.routingjob.avro;

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

/**
 * Registers writer schemas through the Confluent schema registry API ({@code POST /subjects/<subject>/versions},
 * which returns the existing id when the schema is already registered) and caches their ids. The JDK's HTTP
 * client keeps the job jar free of Confluent's client, which is not on Maven Central.
 */
final class SchemaRegistration {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    /** @param url the registry's Confluent-compatible API, e.g. {@code http://host:8085/apis/ccompat/v7} */
    SchemaRegistration(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The id of {@code schema} under {@code subject}, registering it the first time.
     *
     * @throws IllegalStateException when the registry refuses the schema (e.g. incompatible with the
     *     subject's history) or cannot be reached: the job fails and restarts from its last checkpoint
     */
    int id(String subject, Schema schema) {
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
