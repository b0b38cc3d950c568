package io.cdcfanout.routingjob;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.localstack.process.StackState;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records written per second by the routing job with 4, 50 and 200 rules, each against a copy loop
 * that writes the same fan-out, measured in the same run. Run with {@code flink-jobs/benchmark};
 * writes {@code benchmarks/results/routing-job.txt}.
 *
 * <p>The copy loop ({@link CopyLoop}) is the hand-written Kafka application the job competes with, in a JVM of its own.
 *
 * <p>Throughput: for each rule count the copy loop and the job run side by side, on topics of their own, with the
 * job's shipped checkpoint interval. Each round sends the same burst of events, making about {@link #BURST_RECORDS}
 * routed records, first to the copy loop, then to the job, as fast as possible; records/s is the records written for
 * it over the time from the first send to the create time of the last routed record (set by the router's producer),
 * and records per CPU-second counts the CPU its process used meanwhile. {@link #WARM_UP_ROUNDS} rounds are not
 * measured, then {@link #ROUNDS} are; the table shows every round's ratio and their median, so that one disturbed
 * round does not decide. The exactly-once and Avro measurements below measure each router once, after a short warm-up.
 *
 * <p>Latency (the {@code --exactly-once} and {@code --avro} measurements only): {@link #PACED} events at
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
    /** Measured rounds per rule count. */
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);
    /**
     * Unmeasured rounds first: with one, the job still sped up over the next two rounds (its JIT compilation), the copy
     * loop less so.
     */
    private static final int WARM_UP_ROUNDS = 2;
    /** The job's checkpoint interval in the throughput rounds: by default the one the job ships with. */
    private static final String CHECKPOINT_INTERVAL = System.getProperty("benchmark.checkpoint-interval", RoutingJob.DEFAULT_CHECKPOINT_INTERVAL);
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
            throughput();
            return;
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

    /** The copy loop and the job at one rule count: the bursts of one round, each router's records/s and CPU. */
    record Round(int rules, int round, Burst copyLoop, Burst job) {}

    /** One measured burst: records/s from first send to the last record's create time, and the router's process CPU meanwhile. */
    record Burst(int events, int records, double recordsPerSecond, double cpuSeconds) {
        double recordsPerCpuSecond() {
            return records / cpuSeconds;
        }
    }

    /**
     * For each rule count, the copy loop and the job run side by side (each on topics of its own) and get the same bursts:
     * {@link #WARM_UP_ROUNDS} unmeasured (JIT compilation, first sends), then {@link #ROUNDS} measured, copy loop then job in each round.
     */
    private void throughput() throws Exception {
        String loadBefore = loadAverage();
        List<Round> rounds = new ArrayList<>();
        for (int count : RULE_COUNTS) {
            RuleSet rules = BenchmarkRules.of(count);
            RuleEvaluator evaluator = new RuleEvaluator(rules);
            EventGenerator generator = new EventGenerator(1);
            try (RoutingFixture copyFixture = new RoutingFixture(rules); RoutingFixture jobFixture = new RoutingFixture(rules);
                    CopyLoop copyLoop = CopyLoop.start(copyFixture, PRODUCER_SETTINGS);
                    KafkaConsumer<String, String> copyOutput = consumer(copyFixture, copyFixture.outputTopics());
                    KafkaConsumer<String, String> jobOutput = consumer(jobFixture, jobFixture.outputTopics())) {
                jobFixture.checkpointInterval = TimeUtils.parseDuration(CHECKPOINT_INTERVAL);
                jobFixture.kafkaProperties = PRODUCER_SETTINGS;
                jobFixture.startJob();
                ProcessHandle taskManager = taskManager(jobFixture.stack);
                Supplier<Duration> jobCpu = () -> taskManager.info().totalCpuDuration().orElseThrow();
                for (int round = 1 - WARM_UP_ROUNDS; round <= ROUNDS; round++) {
                    List<EventGenerator.Event> events = eventsWriting(BURST_RECORDS, generator::events, evaluator);
                    Burst copied = burst(copyFixture, copyOutput, events, evaluator, copyLoop::cpu);
                    Burst routed = burst(jobFixture, jobOutput, events, evaluator, jobCpu);
                    if (round > 0) {
                        rounds.add(new Round(rules.deployable().size(), round, copied, routed));
                    }
                }
            }
        }
        reportRounds(rounds, loadBefore, loadAverage());
    }

    private static Burst burst(RoutingFixture fixture, KafkaConsumer<String, String> output, List<EventGenerator.Event> events, RuleEvaluator evaluator,
            Supplier<Duration> cpu) throws InterruptedException {
        Duration cpuBefore = cpu.get();
        Phase phase = phase(fixture, output, events, 0, evaluator);
        Duration cpuUsed = cpu.get().minus(cpuBefore);
        return new Burst(events.size(), phase.received().size(), phase.recordsPerSecond(), cpuUsed.toNanos() / 1e9);
    }

    /** The session cluster's JVM, where the job's task runs (the MiniCluster's task manager and job manager are one process). */
    private static ProcessHandle taskManager(TestStack stack) throws Exception {
        long pid = StackState.load(stack.context().options().stateDir()).components().get(FlinkCluster.NAME).pid();
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("the Flink cluster's process " + pid + " is gone"));
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
            RuleEvaluator evaluator = new RuleEvaluator(rules);
            if (flink) {
                fixture.startJob();
            }
            EventSource generator = AVRO ? new SampleEvents() : new EventGenerator(1)::events;
            try (CopyLoop copyLoop = flink ? null : CopyLoop.start(fixture, PRODUCER_SETTINGS);
                    KafkaConsumer<String, String> consumer = consumer(fixture, fixture.outputTopics())) {
                // Warm-up: the router is running and reading before anything is measured.
                phase(fixture, consumer, generator.events(200), 0, evaluator);

                List<EventGenerator.Event> events = eventsWriting(BURST_RECORDS, generator, evaluator);
                Phase burst = phase(fixture, consumer, events, 0, evaluator);
                int written = burst.received().size();
                double recordsPerSecond = burst.recordsPerSecond();
                // Exactly-once records become visible per checkpoint: span at least two intervals.
                int pacedEvents = router.exactlyOnce() ? (int) Math.max(PACED, 2 * PACED_RATE * router.checkpointInterval().toSeconds()) : PACED;
                Phase paced = phase(fixture, consumer, generator.events(pacedEvents), PACED_RATE, evaluator);
                long[] latencies = paced.received().entrySet().stream()
                        .mapToLong(e -> e.getValue() - paced.sentAt().get(RoutingFixture.header(e.getKey(), "eventId"))).sorted().toArray();
                return new Result(name, rules.deployable().size(), recordsPerSecond, percentile(latencies, 50), percentile(latencies, 99), events.size(),
                        written, baseline);
            }
        }
    }

    /** What one phase sent (eventId → send time) and received (record → receipt time). */
    record Phase(Map<String, Long> sentAt, Map<ConsumerRecord<String, String>, Long> received) {

        /** Records written over the time from the first send to when the router wrote the last record (its producer's create time). */
        double recordsPerSecond() {
            long first = sentAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = received.keySet().stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
            return received.size() * 1000.0 / Math.max(1, last - first);
        }
    }

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

    private static void reportRounds(List<Round> rounds, String loadBefore, String loadAfter) throws Exception {
        StringBuilder text = new StringBuilder();
        text.append("cdc-fanout routing benchmark, ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; bursts of about ").append(BURST_RECORDS).append(" routed records, ").append(WARM_UP_ROUNDS).append(" warm-up rounds then ").append(ROUNDS)
                .append(" measured rounds per rule count (copy loop, then job); local Kafka + Flink session cluster, job parallelism 1, checkpoints every ")
                .append(CHECKPOINT_INTERVAL).append(", at-least-once; CPU: each router's process (copy loop: its JVM; job: the session cluster's JVM)")
                .append("; load average (1/5/15 min) before ").append(loadBefore).append(", after ").append(loadAfter).append('\n');
        text.append(String.format(Locale.ROOT, "%6s %6s %7s %9s %14s %14s %11s %16s %16s %11s%n", "rules", "round", "events", "records",
                "copy rec/s", "job rec/s", "x copy", "copy rec/CPU-s", "job rec/CPU-s", "x copy CPU"));
        for (Round r : rounds) {
            text.append(String.format(Locale.ROOT, "%6d %6d %7d %9d %14.0f %14.0f %11.2f %16.0f %16.0f %11.2f%n", r.rules(), r.round(), r.job().events(),
                    r.job().records(), r.copyLoop().recordsPerSecond(), r.job().recordsPerSecond(), r.job().recordsPerSecond() / r.copyLoop().recordsPerSecond(),
                    r.copyLoop().recordsPerCpuSecond(), r.job().recordsPerCpuSecond(), r.job().recordsPerCpuSecond() / r.copyLoop().recordsPerCpuSecond()));
        }
        text.append("\nmedian of the rounds (job / copy loop per round: min..max)\n");
        text.append(String.format(Locale.ROOT, "%6s %14s %14s %11s %14s %16s %16s %11s %14s%n", "rules", "copy rec/s", "job rec/s", "x copy", "range",
                "copy rec/CPU-s", "job rec/CPU-s", "x copy CPU", "range"));
        for (int count : rounds.stream().map(Round::rules).distinct().toList()) {
            List<Round> of = rounds.stream().filter(r -> r.rules() == count).toList();
            List<Double> ratios = of.stream().map(r -> r.job().recordsPerSecond() / r.copyLoop().recordsPerSecond()).sorted().toList();
            List<Double> cpuRatios = of.stream().map(r -> r.job().recordsPerCpuSecond() / r.copyLoop().recordsPerCpuSecond()).sorted().toList();
            text.append(String.format(Locale.ROOT, "%6d %14.0f %14.0f %11.2f %14s %16.0f %16.0f %11.2f %14s%n", count,
                    median(of.stream().map(r -> r.copyLoop().recordsPerSecond()).toList()), median(of.stream().map(r -> r.job().recordsPerSecond()).toList()),
                    median(ratios), String.format(Locale.ROOT, "%.2f..%.2f", ratios.getFirst(), ratios.getLast()),
                    median(of.stream().map(r -> r.copyLoop().recordsPerCpuSecond()).toList()), median(of.stream().map(r -> r.job().recordsPerCpuSecond()).toList()),
                    median(cpuRatios), String.format(Locale.ROOT, "%.2f..%.2f", cpuRatios.getFirst(), cpuRatios.getLast())));
        }
        write(text);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
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
        write(text);
    }

    private static void write(StringBuilder text) throws Exception {
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
