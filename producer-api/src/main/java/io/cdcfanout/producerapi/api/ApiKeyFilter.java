package io.cdcfanout.producerapi.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.producerapi.ProducerConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Optional API-key authentication of the API port: off unless {@code producer.api-key} is set, then
 * every request there needs header {@code X-API-Key} with one of the configured keys (two during a
 * rotation). A Vert.x filter rather than a REST filter, so it also answers paths no resource serves
 * (401 before 404). Health, metrics and OpenAPI are on the management interface, which this filter
 * does not see.
 */
@Singleton
public class ApiKeyFilter {

    static final String HEADER = "X-API-Key";
    /** Before every other route of the API port. */
    private static final int PRIORITY = 10_000;

    private final List<byte[]> keyDigests;
    private final String unauthorized;

    public ApiKeyFilter(ProducerConfig config, ObjectMapper json) throws JsonProcessingException {
        this.keyDigests = config.apiKey().orElse(List.of()).stream().map(ApiKeyFilter::sha256).toList();
        this.unauthorized = json.writeValueAsString(Problem.of(401, "unauthorized", "Unauthorized", "missing or wrong " + HEADER + " header"));
    }

    void register(@Observes Filters filters) {
        if (!keyDigests.isEmpty()) {
            filters.register(this::authenticate, PRIORITY);
        }
    }

    private void authenticate(RoutingContext request) {
        if (accepts(request.request().getHeader(HEADER))) {
            request.next();
        } else {
            request.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE).end(unauthorized);
        }
    }

    /**
     * Constant time: digests of equal length are compared, and against every key, so the answer time
     * reveals neither how much of a key matched, nor its length, nor which key it was.
     */
    boolean accepts(String given) {
        if (given == null) {
            return false;
        }
        byte[] digest = sha256(given);
        boolean accepted = false;
        for (byte[] key : keyDigests) {
            accepted |= MessageDigest.isEqual(digest, key);
        }
        return accepted;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
