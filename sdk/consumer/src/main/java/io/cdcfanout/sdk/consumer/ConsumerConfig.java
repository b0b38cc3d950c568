package io.cdcfanout.sdk.consumer;

import io.cdcfanout.events.codec.WireFormat;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The SDK's configuration, under {@code cdcfanout.consumer}. Only {@code topic} is required. The Kafka
 * channel behind it is {@code mp.messaging.incoming.cdc-events} (pre-set by the SDK: manual commits after
 * processing, dead-letter queue, earliest offset, {@code isolation.level=read_committed}); Kafka client settings go under {@code kafka.*} or
 * environment variables ({@code KAFKA_BOOTSTRAP_SERVERS}, and for Confluent Cloud
 * {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL}, {@code KAFKA_SASL_MECHANISM=PLAIN},
 * {@code KAFKA_SASL_JAAS_CONFIG=...PlainLoginModule required username="<key>" password="<secret>";}).
 */
@ConfigMapping(prefix = "cdcfanout.consumer")
public interface ConsumerConfig {

    /** The topic to consume, e.g. {@code filtered-loan-created-events}. */
    String topic();

    /** The consumer group; defaults to {@code quarkus.application.name}. */
    String groupId();

    /** Where poison records and exhausted retries go; defaults to {@code <topic>-dlq}. */
    String deadLetterTopic();

    /**
     * The wire format of the topic. Unset (the default): detected per record — a value starting with the
     * magic byte 0 is framed (Avro, or JSON when the payload starts with '{'), anything else plain JSON.
     * Set it to reject records in other formats.
     */
    Optional<WireFormat> format();

    /** Retries of handler failures marked {@link RetryableException}. */
    Retry retry();

    /** De-duplication by event id. */
    Dedupe dedupe();

    /** The Confluent-compatible schema registry holding the writer schemas of Avro records. */
    SchemaRegistry schemaRegistry();

    /** Delivery receipts, for end-to-end verification and audit. */
    Receipts receipts();

    /**
     * The largest record, in bytes, the SDK publishes: the {@code max.request.size} of its dead-letter and receipts
     * producers. The pipeline's record limit ({@code recordMaxBytes} in {@code infra/kafka/topics.json}), set to
     * 1048576 in the SDK's {@code META-INF/microprofile-config.properties}. A dead letter adds at most 16 KiB of
     * headers to the record it carries (each SDK header value is cut to 4096 UTF-8 bytes), so the dead letter of any
     * record up to this limit minus 16 KiB is publishable.
     */
    int recordMaxBytes();

    /**
     * How many records the handler may process at the same time. Records of one key (the Kafka record key, i.e. the
     * entity id) are always handled one at a time, in partition order, retries included; records of different keys run
     * in parallel on {@code concurrency} handler threads (a key always on the same thread; records without a key keep
     * their partition's order). Offsets are still committed only up to the lowest record of each partition not yet
     * handled or dead-lettered, so commit-after-success holds however records finish. Up to {@code 4 × concurrency}
     * records (1 at concurrency 1) are queued or running; a consumer killed loses none of them, they are consumed again.
     *
     * <p>The default, 1, is the SDK's original contract: one record at a time on one thread, whatever the partition
     * count. Above 1 the handler (and a custom {@link DedupeStore}) is called from several threads at once and must be
     * thread-safe. Worth it for handlers that wait on I/O: a handler sleeping 5 ms per event handled 124 events/s at 1
     * and 16 times that at 16 in the SDK's benchmark (sdk/README.md, "Concurrency"); a CPU-bound handler gains at most
     * the number of cores.
     */
    @WithDefault("1")
    int concurrency();

    /** Liveness turns DOWN while one handler call has been running longer than this. */
    @WithDefault("5m")
    Duration handlerTimeout();

    interface Retry {
        /** Attempts in total, the first included; 1 disables retries. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the second attempt. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Factor applied to the wait after each attempt. */
        @WithDefault("2")
        double multiplier();

        /** Upper bound of the wait; also the pause between tries while the schema registry is unreachable. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface Dedupe {
        /** Skip events whose id was already processed successfully. */
        @WithDefault("true")
        boolean enabled();

        /** How many recent event ids the default in-memory store keeps. */
        @WithDefault("100000")
        int capacity();
    }

    interface Receipts {
        /**
         * The topic that gets one {@link io.cdcfanout.events.receipt.DeliveryReceipt} (key: event id) per event the
         * handler processed successfully, e.g. {@code cdc-fanout-receipts}; what {@code load-test/verify} reads to prove
         * that no event was lost or misrouted. Unset (the default): no receipts. Sent asynchronously through the
         * {@code kafka.*} client settings; a receipt that cannot be sent is logged and counted
         * ({@link MetricNames#RECEIPTS_FAILED}), never retried into the handling of the event.
         */
        Optional<String> topic();
    }

    interface SchemaRegistry {
        /** Base URL of the Confluent-compatible API, e.g. {@code http://localhost:8085/apis/ccompat/v7}; needed for Avro. */
        Optional<String> url();

        /** {@code key:secret} for HTTP basic auth (Confluent Cloud); set it via {@code CDCFANOUT_CONSUMER_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}. */
        Optional<String> basicAuthUserInfo();

        /** Timeout of one registry request. */
        @WithDefault("5s")
        Duration timeout();
    }
}
