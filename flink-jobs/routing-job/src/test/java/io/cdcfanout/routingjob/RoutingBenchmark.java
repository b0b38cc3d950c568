package io.cdcfanout.routingjob;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.HeaderValue;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records written per second by the routing job with 4, 50 and 200 rules, each against a copy loop
 * that writes the same fan-out, measured in the same run. Run with {@code flink-jobs/benchmark};
 * writes {@code benchmarks/results/routing-job.txt}.
 *
 * <p>The copy loop is the hand-written Kafka application the job competes with: one consumer and
 * one producer; for each record it asks the generator's own evaluator ({@link RuleEvaluator})
 * which rules match and produces one record per matching rule into that rule's topic, with the
 * headers the job adds (malformed records to the dead-letter topic).
 *
 * <p>Throughput: a burst of events that makes about {@link #BURST_RECORDS} routed records is sent
 * as fast as possible; records/s is the records written for it over the time from the first send
 * to the create time of the last routed record (set by the router's producer).
 * Latency (the {@code --exactly-once} and {@code --avro} measurements only): {@link #PACED} events at
 * {@link #PACED_RATE}/s; per routed record, the time the benchmark's consumer received it minus
 * the raw record's create time. The consumer reads with {@code read_committed}, so transactional
 * (exactly-once) sinks are measured when their records become visible.
 *
 * <p>With {@code -Dbenchmark.exactly-once=true} ({@code flink-jobs/benchmark --exactly-once}) it measures instead
 * the 4-rule job at-least-once against exactly-once with checkpoints every 1 s and every 10 s (the job's
 * default), writing {@code benchmarks/results/routing-job-exactly-once.txt}; each latency phase then spans at
 * least two checkpoint intervals. With {@code -Dbenchmark.avro=true} ({@code --avro}) it measures the four
 * event-type rules with JSON outputs against the same rules with Avro outputs (schema registry, the
 * {@code -functions.jar} shipped), over the reference samples (generated events do not fit the SDK's
 * schemas), writing {@code benchmarks/results/routing-job-avro.txt}. The load average is reported: on
 * shared cores the numbers are noisy.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RoutingBenchmark {

    private static final int BURST_RECORDS = Integer.getInteger("benchmark.records", 100000);
    private static final int PACED = Integer.getInteger("benchmark.paced", 2000);
    /** The rule counts measured: {@code -Dbenchmark.rule-counts=200} measures one of them (a quicker A/B run). */
    private static final List<Integer> RULE_COUNTS = Arrays.stream(System.getProperty("benchmark.rule-counts", "4,50,200").split(","))
            .map(count -> Integer.valueOf(count.strip())).toList();
    private static final int PACED_RATE = 500;
    private static final Path SAMPLES = Path.of("../../contract/samples");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The producer settings of both routers (the job's sink gets them as Kafka properties, the copy loop's
     * producer as its config): the Kafka client's defaults, written out so that neither side drifts.
     */
    static final Map<String, String> PRODUCER_SETTINGS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "16384",
            ProducerConfig.BUFFER_MEMORY_CONFIG, "33554432",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
            ProducerConfig.ACKS_CONFIG, "all");

    private static final boolean EXACTLY_ONCE = Boolean.getBoolean("benchmark.exactly-once");
    private static final boolean AVRO = Boolean.getBoolean("benchmark.avro");
    private static final String MODE = EXACTLY_ONCE ? "-exactly-once" : AVRO ? "-avro" : "";

    /** One router to measure: the copy loop (not flink) or the routing job with these settings. */
    record Router(String name, RuleSet rules, boolean flink, boolean exactlyOnce, Duration checkpointInterval, boolean avro) {
        Router(String name, RuleSet rules, boolean flink, boolean exactlyOnce, Duration checkpointInterval) {
            this(name, rules, flink, exactlyOnce, checkpointInterval, false);
        }
    }

    /** One measured router; {@code baseline} is the copy loop it is compared with; latencies -1 when not measured. */
    record Result(String name, int rules, double recordsPerSecond, long p50, long p99, int events, int routedRecords, Result baseline) {}

    @Test
    void routingJobAgainstCopyLoop() throws Exception {
        RuleSet four = BenchmarkRules.of(4);
        List<Router> routers = new ArrayList<>();
        if (AVRO) {
            routers.add(copyLoop(four));
            routers.add(new Router("routing job, json", typeRules("json"), true, false, Duration.ofSeconds(1)));
            routers.add(new Router("routing job, avro", typeRules("avro"), true, false, Duration.ofSeconds(1), true));
        } else if (EXACTLY_ONCE) {
            routers.add(copyLoop(four));
            routers.add(new Router("routing job", four, true, false, Duration.ofSeconds(1)));
            routers.add(new Router("exactly-once, cp 1 s", four, true, true, Duration.ofSeconds(1)));
            routers.add(new Router("exactly-once, cp 10 s", four, true, true, Duration.ofSeconds(10)));
        } else {
            for (int count : RULE_COUNTS) {
                RuleSet rules = BenchmarkRules.of(count);
                routers.add(copyLoop(rules));
                routers.add(new Router("routing job", rules, true, false, Duration.ofSeconds(1)));
            }
        }
        String loadBefore = loadAverage();
        List<Result> results = new ArrayList<>();
        Result baseline = null;
        for (Router router : routers) {
            Result result = measure(router, router.flink() ? baseline : null);
            baseline = router.flink() ? baseline : result;
            results.add(result);
        }
        report(results, loadBefore, loadAverage());
    }

    private static Router copyLoop(RuleSet rules) {
        return new Router("copy loop (baseline)", rules, false, false, Duration.ofSeconds(1));
    }

    private Result measure(Router router, Result baseline) throws Exception {
        String name = router.name();
        RuleSet rules = router.rules();
        boolean flink = router.flink();
        try (RoutingFixture fixture = new RoutingFixture(rules, router.exactlyOnce())) {
            fixture.checkpointInterval = router.checkpointInterval();
            fixture.kafkaProperties = PRODUCER_SETTINGS;
            if (router.avro()) {
                fixture.stack.require(SchemaRegistry.NAME);
                fixture.registryUrl = fixture.stack.schemaRegistryUrl();
                fixture.jar = functionsJar();
            }
            AtomicBoolean running = new AtomicBoolean(true);
            Thread copyLoop = null;
            RuleEvaluator evaluator = new RuleEvaluator(rules);
            if (flink) {
                fixture.startJob();
            } else {
                copyLoop = new Thread(() -> copy(fixture, evaluator, running), "copy-loop");
                copyLoop.start();
            }
            EventSource generator = AVRO ? new SampleEvents() : new EventGenerator(1)::events;
            try (KafkaConsumer<String, String> consumer = consumer(fixture, fixture.outputTopics())) {
                // Warm-up: the router is running and reading before anything is measured.
                phase(fixture, consumer, generator.events(200), 0, evaluator);

                List<EventGenerator.Event> events = eventsWriting(BURST_RECORDS, generator, evaluator);
                long start = System.currentTimeMillis();
                Phase burst = phase(fixture, consumer, events, 0, evaluator);
                // When the router wrote the last record (its producer's create time).
                long last = burst.received().keySet().stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
                int written = burst.received().size();
                double recordsPerSecond = written * 1000.0 / Math.max(1, last - start);
                if (!EXACTLY_ONCE && !AVRO) {
                    return new Result(name, rules.deployable().size(), recordsPerSecond, -1, -1, events.size(), written, baseline);
                }
                // Exactly-once records become visible per checkpoint: span at least two intervals.
                int pacedEvents = router.exactlyOnce() ? (int) Math.max(PACED, 2 * PACED_RATE * router.checkpointInterval().toSeconds()) : PACED;
                Phase paced = phase(fixture, consumer, generator.events(pacedEvents), PACED_RATE, evaluator);
                long[] latencies = paced.received().entrySet().stream()
                        .mapToLong(e -> e.getValue() - paced.sentAt().get(RoutingFixture.header(e.getKey(), "eventId"))).sorted().toArray();
                return new Result(name, rules.deployable().size(), recordsPerSecond, percentile(latencies, 50), percentile(latencies, 99), events.size(),
                        written, baseline);
            } finally {
                running.set(false);
                if (copyLoop != null) {
                    copyLoop.join();
                }
            }
        }
    }

    /** What one phase sent (eventId → send time) and received (record → receipt time). */
    record Phase(Map<String, Long> sentAt, Map<ConsumerRecord<String, String>, Long> received) {}

    /**
     * Sends the events from another thread (paced at {@code rate}/s, or as fast as possible when
     * 0) while this thread consumes every record the router writes for them.
     */
    private static Phase phase(RoutingFixture fixture, KafkaConsumer<String, String> consumer, List<EventGenerator.Event> events, int rate,
            RuleEvaluator evaluator) throws InterruptedException {
        int expected = events.stream().mapToInt(e -> evaluator.route(e.value(), Map.of()).rules().size()).sum();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                if (rate > 0) {
                    long due = start + i * 1_000_000_000L / rate;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                }
                EventGenerator.Event event = events.get(i);
                long now = System.currentTimeMillis();
                sentAt.put(event.uuid(), now);
                fixture.send(event.key(), event.value(), Map.of("eventId", event.uuid()), now);
            }
            fixture.producer.flush();
        }, "benchmark-sender");
        sender.start();
        Map<ConsumerRecord<String, String>, Long> received = drain(consumer, sentAt, expected, Duration.ofSeconds(300));
        sender.join();
        return new Phase(sentAt, received);
    }

    /** Events from the source, as many as it takes for the rules to route about {@code records} records. */
    private static List<EventGenerator.Event> eventsWriting(int records, EventSource source, RuleEvaluator evaluator) {
        List<EventGenerator.Event> events = new ArrayList<>();
        int routed = 0;
        while (routed < records) {
            EventGenerator.Event event = source.events(1).getFirst();
            events.add(event);
            routed += evaluator.route(event.value(), Map.of()).rules().size();
        }
        return events;
    }

    /**
     * The baseline: consume each raw record, evaluate the rules in this JVM, produce one record per
     * matching rule with the headers the job adds (malformed records to the dead-letter topic).
     */
    private static void copy(RoutingFixture fixture, RuleEvaluator evaluator, AtomicBoolean running) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, fixture.options.groupId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.putAll(PRODUCER_SETTINGS);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            // A running application knows its topics: without this, the first record to each of them waits for its
            // metadata (at 200 rules, 200 topics: seconds of the burst in one run's profile).
            fixture.outputTopics().forEach(producer::partitionsFor);
            producer.partitionsFor(fixture.options.dlqTopic());
            consumer.subscribe(List.of(fixture.options.sourceTopic()));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Map<String, String> headers = new HashMap<>();
                    record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
                    RuleEvaluator.Routing routing = evaluator.route(record.value(), headers);
                    if (!routing.wellFormed()) {
                        producer.send(new ProducerRecord<>(fixture.options.dlqTopic(), null, record.key(), record.value(),
                                withHeaders(record, RecordHeaders.ROUTING_ERROR, SqlGenerator.MALFORMED, RecordHeaders.SOURCE_PARTITION,
                                        Integer.toString(record.partition()), RecordHeaders.SOURCE_OFFSET, Long.toString(record.offset()))));
                    }
                    for (Rule rule : routing.rules()) {
                        producer.send(new ProducerRecord<>(fixture.options.topicNames().apply(rule.outputTopic()), null, record.key(), record.value(),
                                withHeaders(record, RecordHeaders.ROUTING_RULE_ID, rule.id(), RecordHeaders.ROUTING_RULE_NAME, HeaderValue.bounded(rule.name()))));
                    }
                }
            }
        }
    }

    /** The record's headers plus these name/value pairs. */
    private static List<Header> withHeaders(ConsumerRecord<String, String> record, String... namesAndValues) {
        List<Header> headers = new ArrayList<>(List.of(record.headers().toArray()));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(new RecordHeader(namesAndValues[i], namesAndValues[i + 1] == null ? null : namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    private static KafkaConsumer<String, String> consumer(RoutingFixture fixture, List<String> topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        RoutingFixture.assignFromBeginning(consumer, topics);
        return consumer;
    }

    /**
     * Reads until {@code count} records of the events sent in {@code sent} (by eventId) arrived;
     * others are skipped. Returns each record with the time it was received: what a consumer
     * sees, so transactional sinks are measured when their records become visible.
     */
    private static Map<ConsumerRecord<String, String>, Long> drain(KafkaConsumer<String, String> consumer, Map<String, Long> sent, int count,
            Duration timeout) {
        Map<ConsumerRecord<String, String>, Long> records = new IdentityHashMap<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(1)).until(() -> {
            ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(50));
            long receivedAt = System.currentTimeMillis();
            for (ConsumerRecord<String, String> record : batch) {
                if (sent.containsKey(RoutingFixture.header(record, "eventId"))) {
                    records.put(record, receivedAt);
                }
            }
            return records.size() >= count;
        });
        return records;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Where a phase's events come from. */
    interface EventSource {
        List<EventGenerator.Event> events(int count);
    }

    /** The four reference samples in turn, each with a fresh uuid: events that fit the SDK's Avro schemas. */
    static final class SampleEvents implements EventSource {
        private final List<ObjectNode> samples = new ArrayList<>();
        private int next;

        SampleEvents() throws Exception {
            for (String type : List.of("car-created", "loan-created", "loan-payment-submitted", "car-service-done")) {
                samples.add((ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve(type + "-event.json"))));
            }
        }

        @Override
        public List<EventGenerator.Event> events(int count) {
            List<EventGenerator.Event> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ObjectNode event = samples.get(next++ % samples.size()).deepCopy();
                String uuid = UUID.randomUUID().toString();
                ((ObjectNode) event.get("eventHeader")).put("uuid", uuid);
                events.add(new EventGenerator.Event(uuid, event.at("/entities/0/id").textValue(), event.toString(), null));
            }
            return events;
        }
    }

    /** One rule per event type (as the shipped ones), with this output format. */
    private static RuleSet typeRules(String format) throws Exception {
        StringBuilder yaml = new StringBuilder("rules:\n");
        for (String type : EventGenerator.TYPES) {
            yaml.append("  - { id: ").append(format).append('-').append(type.toLowerCase(Locale.ROOT)).append(", outputTopic: ").append(format).append('-')
                    .append(type.toLowerCase(Locale.ROOT)).append(", outputFormat: ").append(format)
                    .append(", conditions: [{ field: eventType, operator: equals, value: ").append(type).append(" }] }\n");
        }
        return new RuleParser(Set.of()).parse(yaml.toString(), false, format + " benchmark rules");
    }

    /** The functions jar of this build (the benchmark script installs the module first). */
    private static Path functionsJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-functions.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-functions.jar: run flink-jobs/benchmark, which packages it"))
                    .toAbsolutePath();
        }
    }

    /** The 1, 5 and 15 minute load averages, as the kernel reports them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void report(List<Result> results, String loadBefore, String loadAfter) throws Exception {
        StringBuilder text = new StringBuilder();
        text.append("cdc-fanout routing benchmark, ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; bursts of about ").append(BURST_RECORDS).append(" routed records")
                .append(EXACTLY_ONCE || AVRO ? ", latency over " + PACED + " events at " + PACED_RATE + "/s" : "")
                .append(EXACTLY_ONCE ? " (exactly-once: at least two checkpoint intervals)" : "")
                .append(AVRO ? " (the reference samples in turn)" : "")
                .append("; local Kafka + Flink session cluster, job parallelism 1, checkpoints every 1 s unless said,")
                .append(" at-least-once unless said; load average (1/5/15 min) before ").append(loadBefore).append(", after ").append(loadAfter).append('\n');
        text.append(String.format(Locale.ROOT, "%-24s %6s %12s %10s %8s %8s %10s %10s %7s %9s%n",
                "router", "rules", "records/s", "x baseline", "p50 ms", "p99 ms", "p50 ratio", "p99 ratio", "events", "records"));
        for (Result r : results) {
            Result baseline = r.baseline() == null ? r : r.baseline();
            boolean latency = r.p50() >= 0;
            text.append(String.format(Locale.ROOT, "%-24s %6d %12.0f %10.2f %8s %8s %10s %10s %7d %9d%n", r.name(), r.rules(), r.recordsPerSecond(),
                    r.recordsPerSecond() / baseline.recordsPerSecond(), latency ? r.p50() : "-", latency ? r.p99() : "-",
                    latency ? String.format(Locale.ROOT, "%.2f", ratio(r.p50(), baseline.p50())) : "-",
                    latency ? String.format(Locale.ROOT, "%.2f", ratio(r.p99(), baseline.p99())) : "-", r.events(), r.routedRecords()));
        }
        System.out.print(text);
        Path file = Path.of(System.getProperty("benchmark.out", "../../benchmarks/results/routing-job" + MODE + ".txt"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        System.out.println("written to " + file.toAbsolutePath().normalize());
    }

    private static double ratio(long value, long baseline) {
        return (double) Math.max(1, value) / Math.max(1, baseline);
    }
}
