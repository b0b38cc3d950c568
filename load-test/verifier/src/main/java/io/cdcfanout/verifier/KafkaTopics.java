package io.cdcfanout.verifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The verifier's access to Kafka: reads topics from a point in time without a consumer group (so verifying never
 * moves anyone's offsets), and lists which groups have committed offsets on which topics.
 */
public final class KafkaTopics implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> clientSettings;
    private final Admin admin;

    /** @param clientSettings Kafka client settings: bootstrap servers plus security settings for a secured cluster */
    public KafkaTopics(Map<String, Object> clientSettings) {
        this.clientSettings = Map.copyOf(clientSettings);
        this.admin = Admin.create(this.clientSettings);
    }

    /** Reads the partitions of those {@code topics} that exist, from the first record at or after {@code from}. */
    Reader read(Set<String> topics, Instant from) {
        Properties settings = new Properties();
        settings.putAll(clientSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> timestamps = new HashMap<>();
            partitions.forEach(partition -> timestamps.put(partition, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timestamps, REQUEST_TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start != null ? start.offset() : ends.get(partition));
            }
            return new Reader(consumer, partitions);
        } catch (KafkaException e) {
            consumer.close();
            throw e;
        }
    }

    /** Consumer groups with committed offsets on any of {@code topics}, and on which of them. */
    Map<String, Set<String>> consumerTopics(Set<String> topics) {
        Map<String, Set<String>> result = new TreeMap<>();
        try {
            for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                offsets.keySet().stream().map(TopicPartition::topic).filter(topics::contains)
                        .forEach(topic -> result.computeIfAbsent(group.groupId(), g -> new TreeSet<>()).add(topic));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot list consumer groups: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted listing consumer groups", e);
        }
        return result;
    }

    @Override
    public void close() {
        admin.close(REQUEST_TIMEOUT);
    }

    /** Reading in progress. */
    static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<TopicPartition> partitions;
        private boolean caughtUp;

        private Reader(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
            this.consumer = consumer;
            this.partitions = partitions;
        }

        /** Hands every record polled within {@code timeout} to {@code handler}. */
        void poll(Duration timeout, Consumer<ConsumerRecord<String, byte[]>> handler) {
            consumer.poll(timeout).forEach(handler);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
            caughtUp = partitions.stream().allMatch(partition -> consumer.position(partition, REQUEST_TIMEOUT) >= ends.get(partition));
        }

        /** Whether the last poll reached the end of every partition (as it was then). */
        boolean caughtUp() {
            return caughtUp;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
