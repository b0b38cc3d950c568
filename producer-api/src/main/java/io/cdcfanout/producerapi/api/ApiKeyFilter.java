package io.cdcfanout.producerapi.api;

import io.cdcfanout.producerapi.ProducerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Optional API-key authentication: off unless {@code producer.api-key} is set. Health endpoints
 * ({@code /q/health/*} are not REST resources, {@code /api/v1/events/health} is exempt) stay open.
 */
public class ApiKeyFilter {

    static final String HEADER = "X-API-Key";

    private final Optional<byte[]> apiKey;

    public ApiKeyFilter(ProducerConfig config) {
        this.apiKey = config.apiKey().map(key -> key.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (apiKey.isEmpty() || request.getUriInfo().getPath().endsWith("/health")) {
            return Optional.empty();
        }
        String given = request.getHeaderString(HEADER);
        // Constant-time comparison: the answer time must not reveal how much of the key matched.
        if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey.get())) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(401, "unauthorized", "Unauthorized", "missing or wrong " + HEADER + " header").toResponse());
    }
}
