package io.cdcfanout.routingjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.fanout.apps.FlinkRoutingJob;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The routing job as the local stack runs it (an IT: the stack ships the packaged functions jar): component {@code routing-job}, the committed SQL, the contract's topics. */
class RoutingJobComponentIT {

    @Test
    void stackComponentRoutesRawEventsWithTheCommittedSql() throws Exception {
        TestStack stack = TestStack.shared(Kafka.NAME, FlinkCluster.NAME, FlinkRoutingJob.NAME);
        String uuid = UUID.randomUUID().toString();
        String event = Files.readString(Path.of("../../contract/samples/car-created-event.json"))
                .replace("550e8400-e29b-41d4-a716-446655440001", uuid);

        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            ProducerRecord<String, String> record = new ProducerRecord<>("raw-business-events", "CAR-2025-001", event);
            record.headers().add("eventId", uuid.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> routed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<TopicPartition> partitions = consumer.partitionsFor("filtered-car-created-events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (uuid.equals(RoutingFixture.header(r, "eventId"))) {
                        routed.add(r);
                    }
                });
                return !routed.isEmpty();
            });
        }
        assertThat(routed.getFirst().value()).isEqualTo(event);
        assertThat(RoutingFixture.header(routed.getFirst(), RecordHeaders.ROUTING_RULE_ID)).isEqualTo("car-created");
    }
}
