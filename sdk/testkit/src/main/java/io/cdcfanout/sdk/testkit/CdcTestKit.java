package io.cdcfanout.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.codec.Events;
import io.cdcfanout.events.codec.WireFormat;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Publishes typed events to a real broker the way the pipeline does (key = primary entity id, headers
 * {@code eventId} and {@code eventType}), in any {@link WireFormat}, and reads back what a consumer left:
 * dead letters, committed offsets. Registers writer schemas in the registry for the framed formats
 * (subject {@code <topic>-<record full name>}). Thread-safe.
 */
public final class CdcTestKit implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaCompanion companion;
    private final String registryUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Integer> schemaIds = new ConcurrentHashMap<>();

    /** @param registryUrl Confluent-compatible registry API, or {@code null} without registry */
    public CdcTestKit(String bootstrapServers, String registryUrl) {
        this.companion = new KafkaCompanion(bootstrapServers, TIMEOUT);
        this.registryUrl = registryUrl;
    }

    /** The underlying KafkaCompanion, for anything this kit does not cover. */
    public KafkaCompanion companion() {
        return companion;
    }

    public String bootstrapServers() {
        return companion.getBootstrapServers();
    }

    public Optional<String> schemaRegistryUrl() {
        return Optional.ofNullable(registryUrl);
    }

    /** Creates a topic with one partition (if it does not exist yet) and waits until it is usable. */
    public String createTopic(String topic) {
        if (!companion.topics().list().contains(topic)) {
            companion.topics().createAndWait(topic, 1, TIMEOUT);
        }
        return topic;
    }

    /** Creates a topic named {@code prefix-<random>}: one fresh topic per test. */
    public String freshTopic(String prefix) {
        return createTopic(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Publishes an event as the pipeline would, and waits until the broker acknowledged it. */
    public void publish(String topic, SpecificRecord event, WireFormat format) {
        publishRaw(topic, Events.primaryEntityId(event), encode(topic, event, format), headers(event));
    }

    /** Publishes many events in one batch, in order, and waits until the broker acknowledged all of them. */
    public void publishAll(String topic, List<? extends SpecificRecord> events, WireFormat format) {
        List<ProducerRecord<String, byte[]>> records = events.stream()
                .map(event -> record(topic, Events.primaryEntityId(event), encode(topic, event, format), headers(event)))
                .toList();
        companion.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(TIMEOUT);
    }

    /** Publishes any bytes (e.g. a poison record) with the given headers; waits for the broker. */
    public void publishRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        companion.produce(String.class, byte[].class)
                .fromRecords(record(topic, key, value, headers))
                .awaitCompletion(TIMEOUT);
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value, Map<String, String> headers) {
        org.apache.kafka.common.header.internals.RecordHeaders recordHeaders = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.forEach((name, headerValue) -> recordHeaders.add(new RecordHeader(name, headerValue.getBytes(StandardCharsets.UTF_8))));
        return new ProducerRecord<>(topic, null, key, value, recordHeaders);
    }

    /** The {@code eventId} and {@code eventType} headers of an event. */
    public static Map<String, String> headers(SpecificRecord event) {
        return Map.of(RecordHeaders.EVENT_ID, Events.header(event).getUuid(),
                RecordHeaders.EVENT_TYPE, Events.header(event).getEventType().name());
    }

    /** The record value of an event in a wire format; registers the writer schema for framed formats. */
    public byte[] encode(String topic, SpecificRecord event, WireFormat format) {
        return switch (format) {
            case JSON -> EventJson.write(event);
            case REGISTRY_JSON -> ConfluentFraming.frame(jsonSchemaId(topic, event), EventJson.write(event));
            case AVRO -> ConfluentFraming.frame(registerSchema(subject(topic, event), event.getSchema().toString(), "AVRO"), EventAvro.write(event));
        };
    }

    private int jsonSchemaId(String topic, SpecificRecord event) {
        String jsonSchema = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":\""
                + event.getSchema().getName() + "\",\"type\":\"object\",\"required\":[\"eventHeader\",\"entities\"]}";
        return registerSchema(subject(topic, event) + "-json", jsonSchema, "JSON");
    }

    private static String subject(String topic, SpecificRecord event) {
        return topic + "-" + event.getSchema().getFullName();
    }

    /** Registers a schema under a subject (idempotent) and returns its global id. */
    public int registerSchema(String subject, String schema, String schemaType) {
        return schemaIds.computeIfAbsent(subject + "\n" + schemaType + "\n" + schema, k -> {
            String url = schemaRegistryUrl().orElseThrow(() -> new IllegalStateException(
                    "no schema registry: start CdcFanoutTestResource with init arg registry=true"));
            try {
                String body = MAPPER.writeValueAsString(Map.of("schema", schema, "schemaType", schemaType));
                HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .timeout(TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("registering " + subject + " failed: HTTP " + response.statusCode() + " " + response.body());
                }
                JsonNode id = MAPPER.readTree(response.body()).get("id");
                return id.intValue();
            } catch (IOException e) {
                throw new IllegalStateException("registering " + subject + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted registering " + subject, e);
            }
        });
    }

    /** Waits for {@code count} records on a topic (read from its beginning) and returns them. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, int count) {
        return companion.consume(String.class, byte[].class)
                .fromTopics(topic, count)
                .awaitCompletion(TIMEOUT)
                .getRecords();
    }

    /**
     * Waits for {@code count} dead letters of records from {@code originalTopic} (header
     * {@code dead-letter-topic}) on a dead-letter topic shared by several source topics, and returns them.
     */
    public List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String deadLetterTopic, String originalTopic, int count) {
        ConsumerTask<String, byte[]> task = companion.consume(String.class, byte[].class)
                .fromTopics(deadLetterTopic, records -> records.filter(r -> originalTopic.equals(header(r, "dead-letter-topic"))));
        try {
            return task.awaitRecords(count, TIMEOUT).getRecords();
        } finally {
            task.stop();
        }
    }

    /**
     * The dead letters of records from {@code originalTopic} that are on {@code deadLetterTopic} now, without waiting for
     * more. A consumer writes a dead letter before it commits the record's offset, so once the offset is committed this
     * answers whether the record was dead-lettered.
     */
    public List<ConsumerRecord<String, byte[]>> deadLetters(String deadLetterTopic, String originalTopic) {
        return records(deadLetterTopic).stream().filter(record -> originalTopic.equals(header(record, "dead-letter-topic"))).toList();
    }

    /**
     * Every committed record on a topic now, as a consumer of the SDK sees them: reads it from its beginning to its last
     * stable offset, without waiting for more.
     */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        // read_committed, as the SDK reads: records of aborted transactions (a killed re-drive, an exactly-once job) are not there.
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, TIMEOUT) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The sum of a consumer group's committed offsets over the topic's partitions (0 when none). */
    public long committedOffset(String groupId, String topic) {
        return companion.consumerGroups().offsets(groupId).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    /** A header of a record as text, or {@code null}. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }

    @Override
    public void close() {
        companion.close();
    }
}
