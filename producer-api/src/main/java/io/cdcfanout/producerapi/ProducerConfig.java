package io.cdcfanout.producerapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Limits and security of the producer API ({@code producer.*} in application.properties). */
@ConfigMapping(prefix = "producer")
public interface ProducerConfig {

    /** Largest accepted request body in bytes; larger bodies get 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /**
     * Largest accepted event, in bytes of the text PostgreSQL's jsonb prints for it: the record value
     * Debezium publishes on raw-business-events. Larger events get 413. The default is Kafka's record
     * limit ({@code recordMaxBytes} in infra/kafka/topics.json, 1048576) minus 64 KiB for the record's
     * key, headers and framing.
     */
    @WithDefault("983040")
    int maxEventBytes();

    /**
     * Longest accepted number, in characters of its text as jsonb stores it (every digit, no
     * exponent: {@code 1e300} has 301); longer numbers get 422. The default admits every double
     * written in its shortest form (at most 327 characters).
     */
    @WithDefault("400")
    int maxNumberLength();

    /** How far an entity's {@code updatedAt} may lie ahead of the server's clock; further gets 422. */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** Deepest accepted JSON nesting (objects and arrays); deeper documents get 400. */
    @WithDefault("32")
    int maxNestingDepth();

    Bulk bulk();

    GroupCommit groupCommit();

    /**
     * When set, every request to the API port (any path, known or not) needs header {@code X-API-Key}
     * with one of these values; the management interface ({@code /q/*} on its own port) needs none.
     * Comma-separated: two keys are accepted at once while clients move from one to the other.
     */
    @WithName("api-key")
    Optional<List<String>> apiKey();

    /**
     * Single events of concurrent requests stored in shared transactions (one COMMIT, one round trip per kind of
     * statement for the whole group): under load, fewer and larger transactions do the same work for less CPU. A lone
     * request never waits for others.
     */
    interface GroupCommit {
        /**
         * Most transactions of single events running at once, each holding a database connection. While they run,
         * the events of further requests queue and form the next group: the fewer, the larger the groups. 4: up to four
         * concurrent requests never wait for one another, and beyond four they group; with 2, a third and fourth
         * request waited for a whole transaction and a thread wake-up, which cost more than grouping saved
         * (producer-api/README.md, Group commit).
         */
        @WithDefault("4")
        int transactions();

        /** Most events in one transaction; 1 stores every event in a transaction of its own. */
        @WithDefault("64")
        int maxEvents();
    }

    interface Bulk {
        /** Most events in one bulk request; more get 413. */
        @WithDefault("500")
        int maxItems();
    }
}
