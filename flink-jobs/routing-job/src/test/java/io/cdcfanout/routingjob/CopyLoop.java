package io.cdcfanout.routingjob;

import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.FieldRef;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleJson;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.HeaderValue;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's baseline, the hand-written Kafka application the routing job competes with, in a JVM of its own
 * (as the job runs in the task manager's), so that the CPU of each router is its process's CPU: one consumer and one
 * producer, bytes in and out; for each record it asks the rules' own evaluator ({@link RuleEvaluator}) which rules match and produces
 * one record per matching rule into that rule's topic, with the headers the job adds (malformed records to the
 * dead-letter topic). It exits when its standard input closes, so it never outlives the benchmark.
 */
final class CopyLoop implements AutoCloseable {

    private final Process process;

    private CopyLoop(Process process) {
        this.process = process;
    }

    /** Starts the copy loop of the fixture's rules and topics, with these producer settings. */
    static CopyLoop start(RoutingFixture fixture, Map<String, String> producerSettings) throws IOException {
        Path rules = Files.createTempFile("copy-loop-rules-", ".json");
        Files.writeString(rules, fixture.rules.deployable().stream().map(RuleJson::write).collect(Collectors.joining(",", "[", "]")));
        rules.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                CopyLoop.class.getName(), fixture.stack.kafkaBootstrapServers(), fixture.suffix, rules.toString()));
        producerSettings.forEach((key, value) -> command.add(key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(Path.of("target", "copy-loop.log").toFile()))
                .start();
        return new CopyLoop(process);
    }

    /** CPU time the copy loop's JVM has used so far. */
    Duration cpu() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time of the copy loop's process " + process.pid()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** {@code CopyLoop <bootstrap servers> <topic suffix> <rules JSON file> [producer key=value...]}. */
    public static void main(String[] args) throws Exception {
        GeneratorOptions options = GeneratorOptions.defaults().withSuffix(args[1]);
        RuleSet rules = new RuleParser(Set.of()).parse(Files.readString(Path.of(args[2])), true, "copy loop rules");
        Map<String, String> producerSettings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            producerSettings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                // The benchmark writes nothing: the end of this input means it has gone.
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // Its pipe broke: it has gone as well.
            }
            System.exit(0);
        });
        copy(args[0], options, rules, producerSettings);
    }

    private static void copy(String bootstrapServers, GeneratorOptions options, RuleSet rules, Map<String, String> producerSettings) {
        RuleEvaluator evaluator = new RuleEvaluator(rules);
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerConfig.putAll(producerSettings);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            // A running application knows its topics: without this, the first record to each of them waits for its
            // metadata (at 200 rules, 200 topics: seconds of the burst in one run's profile).
            rules.deployable().forEach(rule -> producer.partitionsFor(options.topicNames().apply(rule.outputTopic())));
            producer.partitionsFor(options.dlqTopic());
            consumer.subscribe(List.of(options.sourceTopic()));
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    // Bytes through, as the job's raw formats: only the one header the rules can test is decoded.
                    Header operation = record.headers().lastHeader(FieldRef.CDC_OPERATION_HEADER);
                    RuleEvaluator.Routing routing = evaluator.route(record.value(), operation == null || operation.value() == null ? Map.of()
                            : Map.of(FieldRef.CDC_OPERATION_HEADER, new String(operation.value(), StandardCharsets.UTF_8)));
                    if (!routing.wellFormed()) {
                        producer.send(new ProducerRecord<>(options.dlqTopic(), null, record.key(), record.value(),
                                withHeaders(record, RecordHeaders.ROUTING_ERROR, SqlGenerator.MALFORMED, RecordHeaders.SOURCE_PARTITION,
                                        Integer.toString(record.partition()), RecordHeaders.SOURCE_OFFSET, Long.toString(record.offset()))));
                    }
                    for (Rule rule : routing.rules()) {
                        producer.send(new ProducerRecord<>(options.topicNames().apply(rule.outputTopic()), null, record.key(), record.value(),
                                withHeaders(record, RecordHeaders.ROUTING_RULE_ID, rule.id(), RecordHeaders.ROUTING_RULE_NAME, HeaderValue.bounded(rule.name()))));
                    }
                }
            }
        }
    }

    /** The record's headers plus these name/value pairs. */
    private static List<Header> withHeaders(ConsumerRecord<byte[], byte[]> record, String... namesAndValues) {
        List<Header> headers = new ArrayList<>(List.of(record.headers().toArray()));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(new RecordHeader(namesAndValues[i], namesAndValues[i + 1] == null ? null : namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
