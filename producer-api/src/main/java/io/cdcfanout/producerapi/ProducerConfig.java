package io.cdcfanout.producerapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** Limits and security of the producer API ({@code producer.*} in application.properties). */
@ConfigMapping(prefix = "producer")
public interface ProducerConfig {

    /** Largest accepted request body in bytes; larger bodies get 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Deepest accepted JSON nesting (objects and arrays); deeper documents get 400. */
    @WithDefault("32")
    int maxNestingDepth();

    Bulk bulk();

    /** When set, every {@code /api/v1/events} request except the health check needs header {@code X-API-Key} with this value. */
    @WithName("api-key")
    Optional<String> apiKey();

    interface Bulk {
        /** Most events in one bulk request; more get 413. */
        @WithDefault("500")
        int maxItems();
    }
}
