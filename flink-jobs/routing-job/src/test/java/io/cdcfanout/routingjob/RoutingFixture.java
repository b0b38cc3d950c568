package io.cdcfanout.routingjob;

import static org.awaitility.Awaitility.await;

import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import io.cdcfanout.routingrules.sql.SqlTarget;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The routing job on the shared test stack's Kafka and Flink, with topics of its own: the
 * shipped rules plus {@code operator-rules.yaml}, every topic and the consumer group suffixed.
 */
final class RoutingFixture implements AutoCloseable {

    static final Path SHIPPED_RULES = Path.of("../routing-rules.yaml");

    final TestStack stack;
    final RuleSet rules;
    final GeneratorOptions options;
    final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    final KafkaProducer<String, String> producer;
    /**
     * The job jar shipped to the cluster (null: the function classes of this build, {@link #functionClasspath}; the session
     * cluster has the Kafka connector, not the job's functions).
     */
    Path jar;
    /** The schema registry of Avro outputs (a stack without one: an unreachable URL). */
    String registryUrl = "http://127.0.0.1:1";
    /** How often the job checkpoints, commits offsets and (exactly-once) commits its transactions. */
    Duration checkpointInterval = Duration.ofSeconds(1);
    /** Extra Kafka client properties of every Kafka table, as {@code --kafka-property} gives them. */
    Map<String, String> kafkaProperties = Map.of();
    private RoutingJob.Submission job;

    /** The shipped rules and the operator test rules. */
    RoutingFixture() throws Exception {
        this(testRules());
    }

    RoutingFixture(RuleSet rules) throws Exception {
        this(rules, false);
    }

    RoutingFixture(RuleSet rules, boolean exactlyOnce) throws Exception {
        this(TestStack.shared(Kafka.NAME, FlinkCluster.NAME), rules, exactlyOnce);
    }

    RoutingFixture(TestStack stack, RuleSet rules, boolean exactlyOnce) throws Exception {
        this.stack = stack;
        this.rules = rules;
        options = GeneratorOptions.defaults().withSuffix(suffix).withExactlyOnce(exactlyOnce);
        try (Admin admin = stack.kafkaAdmin()) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(options.sourceTopic(), 3, (short) 1));
            topics.add(new NewTopic(options.dlqTopic(), 1, (short) 1));
            outputTopics().forEach(topic -> topics.add(new NewTopic(topic, 3, (short) 1)));
            admin.createTopics(topics).all().get();
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(config);
    }

    static RuleSet testRules() throws Exception {
        RuleParser parser = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC));
        List<Rule> all = new ArrayList<>(parser.parse(SHIPPED_RULES).rules());
        all.addAll(parser.parse(Path.of("src/test/resources/operator-rules.yaml")).rules());
        return new RuleSet(all);
    }

    /** Every topic a rule writes to (deployable or not), as this fixture names it. */
    List<String> outputTopics() {
        return rules.rules().stream().map(rule -> options.topicNames().apply(rule.outputTopic())).distinct().toList();
    }

    /** Submits the job and waits until it runs. */
    void startJob() {
        submitJob();
        await().atMost(Duration.ofSeconds(90)).until(() -> job.client().getJobStatus().get() == JobStatus.RUNNING);
    }

    /** Submits the job. */
    RoutingJob.Submission submitJob() {
        Configuration config = RoutingJob.flinkConfiguration(stack.flinkRestUrl(), checkpointInterval, 1, jar);
        if (jar == null) {
            config.set(PipelineOptions.CLASSPATHS, functionClasspath());
        }
        job = RoutingJob.submit(new SqlGenerator(SqlTarget.FLINK, options).generate(rules),
                Map.of(RoutingJob.BOOTSTRAP_VARIABLE, stack.kafkaBootstrapServers(), RoutingJob.REGISTRY_VARIABLE, registryUrl), kafkaProperties, config);
        return job;
    }

    /**
     * What {@code ROUTE_EVENT} needs, from this test's classpath (the {@code -functions.jar} is built after the
     * tests): this module's classes, the rules code, Jackson and SnakeYAML. The session cluster runs on this
     * machine, so it loads them from these paths.
     */
    static List<String> functionClasspath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(entry -> entry.endsWith(Path.of("routing-job", "target", "classes")) || entry.toString().contains("routing-rules")
                        || entry.getFileName().toString().startsWith("jackson-") || entry.getFileName().toString().startsWith("snakeyaml"))
                .map(entry -> entry.toAbsolutePath().toUri().toString()).toList();
    }

    /** Cancels the job; the offsets of its last checkpoint stay committed. */
    void stopJob() throws Exception {
        if (job != null) {
            job.client().cancel().get();
            job = null;
        }
    }

    void send(String key, String value, Map<String, String> headers) {
        send(key, value, headers, null);
    }

    /** Sends a raw record with this create time (null: the producer's clock at send). */
    void send(String key, String value, Map<String, String> headers, Long timestamp) {
        ProducerRecord<String, String> record = new ProducerRecord<>(options.sourceTopic(), null, timestamp, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    /**
     * Waits until the job has committed offsets up to the end of the source topic: with
     * at-least-once sinks flushed on every checkpoint, everything sent so far is then routed.
     */
    void awaitRouted() throws Exception {
        producer.flush();
        try (Admin admin = stack.kafkaAdmin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(options.sourceTopic(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(options.groupId()).partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                        || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue()));
            });
        }
    }

    /** Every record now in these topics. */
    List<ConsumerRecord<String, String>> readAll(List<String> topics) {
        return readAll(topics, StringDeserializer.class);
    }

    /** Every record now in these topics, values read with this deserializer. */
    <V> List<ConsumerRecord<String, V>> readAll(List<String> topics, Class<? extends Deserializer<V>> values) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topics);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return records;
    }

    /** Assigns every partition of the topics to the consumer, at their beginning, and returns them. */
    static List<TopicPartition> assignFromBeginning(KafkaConsumer<String, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            // A topic created a moment ago may not be in the metadata yet.
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(topic).isEmpty());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** The topic name of the rules file for a topic of this fixture. */
    String baseName(String topic) {
        return topic.substring(0, topic.length() - suffix.length());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Stream<String> headerNames(ConsumerRecord<?, ?> record) {
        return Stream.of(record.headers().toArray()).map(Header::key);
    }

    @Override
    public void close() throws Exception {
        stopJob();
        producer.close();
    }
}
