package io.cdcfanout.routingjob;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Routed events/s and added latency of the routing job with 4 and with 50 rules, against a plain
 * Kafka consume→produce copy loop of the same records measured in the same run. Run with
 * {@code flink-jobs/benchmark}; writes {@code benchmarks/results/routing-job.txt}.
 *
 * <p>Throughput: a burst of {@link #BURST} events is sent as fast as possible; events/s is the
 * burst size over the time from the first send to the create time of the last routed record
 * (set by the router's producer).
 * Latency: {@link #PACED} events at {@link #PACED_RATE}/s; per routed record, the time the
 * benchmark's consumer received it minus the raw record's create time. The consumer reads with
 * {@code read_committed}, so transactional (exactly-once) sinks are measured when their records become visible.
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

    private static final int BURST = Integer.getInteger("benchmark.burst", 20000);
    private static final int PACED = Integer.getInteger("benchmark.paced", 2000);
    private static final int PACED_RATE = 500;
    private static final Path SAMPLES = Path.of("../../contract/samples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final boolean EXACTLY_ONCE = Boolean.getBoolean("benchmark.exactly-once");
    private static final boolean AVRO = Boolean.getBoolean("benchmark.avro");
    private static final String MODE = EXACTLY_ONCE ? "-exactly-once" : AVRO ? "-avro" : "";

    /** One router to measure: the copy loop (not flink) or the routing job with these settings. */
    record Router(String name, RuleSet rules, boolean flink, boolean exactlyOnce, Duration checkpointInterval, boolean avro) {
        Router(String name, RuleSet rules, boolean flink, boolean exactlyOnce, Duration checkpointInterval) {
            this(name, rules, flink, exactlyOnce, checkpointInterval, false);
        }
    }

    /** One measured router. */
    record Result(String name, int rules, double eventsPerSecond, long p50, long p99, int routedRecords) {}

    @Test
    void routingJobAgainstCopyLoop() throws Exception {
        RuleParser parser = new RuleParser(Set.of());
        RuleSet shipped = parser.parse(RoutingFixture.SHIPPED_RULES);
        RuleSet four = new RuleSet(shipped.rules().subList(0, 4));
        List<Rule> fifty = new ArrayList<>(shipped.rules());
        fifty.addAll(parser.parse(fiftyRulesYaml(50 - shipped.rules().size()), false, "benchmark rules").rules());

        List<Router> routers = new ArrayList<>();
        routers.add(new Router("copy loop (baseline)", four, false, false, Duration.ofSeconds(1)));
        routers.add(new Router("routing job", four, true, false, Duration.ofSeconds(1)));
        if (AVRO) {
            routers.set(1, new Router("routing job, json", typeRules("json"), true, false, Duration.ofSeconds(1)));
            routers.add(new Router("routing job, avro", typeRules("avro"), true, false, Duration.ofSeconds(1), true));
        } else if (EXACTLY_ONCE) {
            routers.add(new Router("exactly-once, cp 1 s", four, true, true, Duration.ofSeconds(1)));
            routers.add(new Router("exactly-once, cp 10 s", four, true, true, Duration.ofSeconds(10)));
        } else {
            routers.add(new Router("routing job", new RuleSet(fifty), true, false, Duration.ofSeconds(1)));
        }
        String loadBefore = loadAverage();
        List<Result> results = new ArrayList<>();
        for (Router router : routers) {
            results.add(measure(router));
        }
        report(results, loadBefore, loadAverage());
    }

    private Result measure(Router router) throws Exception {
        String name = router.name();
        RuleSet rules = router.rules();
        boolean flink = router.flink();
        try (RoutingFixture fixture = new RoutingFixture(rules, router.exactlyOnce())) {
            fixture.checkpointInterval = router.checkpointInterval();
            if (router.avro()) {
                fixture.stack.require(SchemaRegistry.NAME);
                fixture.registryUrl = fixture.stack.schemaRegistryUrl();
                fixture.jar = functionsJar();
            }
            String copyTopic = fixture.options.sourceTopic() + "-copy";
            AtomicBoolean running = new AtomicBoolean(true);
            Thread copyLoop = null;
            List<String> outputs;
            if (flink) {
                fixture.startJob();
                outputs = fixture.outputTopics();
            } else {
                try (Admin admin = fixture.stack.kafkaAdmin()) {
                    admin.createTopics(List.of(new NewTopic(copyTopic, 3, (short) 1))).all().get();
                }
                copyLoop = new Thread(() -> copy(fixture, copyTopic, running), "copy-loop");
                copyLoop.start();
                outputs = List.of(copyTopic);
            }
            RuleEvaluator evaluator = new RuleEvaluator(rules);
            EventSource generator = AVRO ? new SampleEvents() : new EventGenerator(1)::events;
            try (KafkaConsumer<String, String> consumer = consumer(fixture, outputs)) {
                // Warm-up: the router is running and reading before anything is measured.
                phase(fixture, consumer, generator.events(200), 0, evaluator, flink);

                long start = System.currentTimeMillis();
                Phase burst = phase(fixture, consumer, generator.events(BURST), 0, evaluator, flink);
                // When the router wrote the last record (its producer's create time).
                long last = burst.received().keySet().stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
                double eventsPerSecond = BURST * 1000.0 / Math.max(1, last - start);
                int expected = burst.received().size();

                // Exactly-once records become visible per checkpoint: span at least two intervals.
                int pacedEvents = router.exactlyOnce() ? (int) Math.max(PACED, 2 * PACED_RATE * router.checkpointInterval().toSeconds()) : PACED;
                Phase paced = phase(fixture, consumer, generator.events(pacedEvents), PACED_RATE, evaluator, flink);
                long[] latencies = paced.received().entrySet().stream()
                        .mapToLong(e -> e.getValue() - paced.sentAt().get(RoutingFixture.header(e.getKey(), "eventId"))).sorted().toArray();
                return new Result(name, rules.deployable().size(), eventsPerSecond, percentile(latencies, 50), percentile(latencies, 99), expected);
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
            RuleEvaluator evaluator, boolean flink) throws InterruptedException {
        int expected = flink ? events.stream().mapToInt(e -> evaluator.route(e.value(), Map.of()).topics().size()).sum() : events.size();
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

    private static void copy(RoutingFixture fixture, String copyTopic, AtomicBoolean running) {
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
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            consumer.subscribe(List.of(fixture.options.sourceTopic()));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(copyTopic, null, record.key(), record.value(), record.headers()));
                }
            }
        }
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

    /** Rules on the fields the events carry: header values, nested and numeric entity fields, timestamps. */
    private static String fiftyRulesYaml(int count) {
        StringBuilder yaml = new StringBuilder("rules:\n");
        String[] types = {"CarCreated", "LoanCreated", "LoanPaymentSubmitted", "CarServiceDone"};
        for (int i = 0; i < count; i++) {
            String condition = switch (i % 5) {
                case 0 -> "{ field: eventType, operator: equals, value: " + types[i % 4] + " }";
                case 1 -> "{ field: entity.dealerId, operator: in, values: [DEALER-00" + (i % 4) + ", D] }";
                case 2 -> "{ field: entity.loanAmount, operator: greaterThan, value: " + (i * 5000) + ", valueType: number }";
                case 3 -> "{ field: createdDate, operator: between, min: \"2025-0" + (1 + i % 6) + "-01T00:00:00Z\", max: \"2025-12-01T00:00:00Z\", valueType: timestamp }";
                default -> "{ field: entity.owner.address.state, operator: equals, value: " + (i % 2 == 0 ? "CA" : "NY") + " }";
            };
            yaml.append("  - { id: bench-").append(i).append(", outputTopic: bench-").append(i).append(", conditions: [").append(condition).append("] }\n");
        }
        return yaml.toString();
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
        Result baseline = results.getFirst();
        StringBuilder text = new StringBuilder();
        text.append("cdc-fanout routing benchmark, ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; burst ").append(BURST).append(" events, latency over ").append(PACED).append(" events at ")
                .append(PACED_RATE).append("/s").append(EXACTLY_ONCE ? " (exactly-once: at least two checkpoint intervals)" : "")
                .append(AVRO ? " (the reference samples in turn)" : "")
                .append("; local Kafka + Flink session cluster, job parallelism 1, checkpoints every 1 s unless said,")
                .append(" at-least-once unless said; load average (1/5/15 min) before ").append(loadBefore).append(", after ").append(loadAfter).append('\n');
        text.append(String.format(Locale.ROOT, "%-24s %6s %12s %10s %8s %8s %10s %10s %9s%n",
                "router", "rules", "events/s", "x baseline", "p50 ms", "p99 ms", "p50 ratio", "p99 ratio", "records"));
        for (Result r : results) {
            text.append(String.format(Locale.ROOT, "%-24s %6d %12.0f %10.2f %8d %8d %10.2f %10.2f %9d%n", r.name(), r.rules(), r.eventsPerSecond(),
                    r.eventsPerSecond() / baseline.eventsPerSecond(), r.p50(), r.p99(), ratio(r.p50(), baseline.p50()),
                    ratio(r.p99(), baseline.p99()), r.routedRecords()));
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
