package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.ConfluentFraming;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.fanout.pipeline.Backfill;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fanout backfill} as an operator runs it (docs/OPERATIONS.md "Backfill a new consumer"), against a stack of
 * PostgreSQL with the producer's schema and Kafka: history rows in {@code business_event}, a rules file whose rules
 * write to this test's topics, the backfill's records read back {@code read_committed}.
 */
class BackfillIT {

    private static final int PARTITIONS = 3;
    private static TestStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStack.start(List.of(Postgres.NAME, Kafka.NAME, SchemaRegistry.NAME), List.of());
        try (Connection db = stack.openDatabase(); Statement sql = db.createStatement()) {
            for (Path migration : TestStack.producerMigrations()) {
                sql.execute(Files.readString(migration));
            }
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void writesEachMatchingEventOfTheWindowOnceToTheRuleTopicOnlyAndRefusesToRunTwice(@TempDir Path dir) throws Exception {
        Topics topics = Topics.named("large", "cars");
        Path rules = rules(dir, topics);
        // 60 events, 10 s apart, an hour ago: loans (every other one above 100000) and cars.
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        List<History> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            history.add(i % 2 == 0 ? loan(topics, start.plusSeconds(10L * i), i % 4 == 0 ? 150_000 : 50_000) : car(topics, start.plusSeconds(10L * i)));
        }
        insert(history);
        // The rule went live with event 40: the routing job wrote it to the topic. The window ends 60 s after it.
        History firstLive = history.get(40);
        liveRecord(topics.first, firstLive);
        Instant until = firstLive.receivedAt.plus(Backfill.OVERLAP);
        List<String> expected = history.stream().filter(h -> h.large && h.receivedAt.isBefore(until)).map(h -> h.eventId).toList();

        FanoutRun dry = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Backfill of rule " + topics.rule(topics.first) + " into topic " + topics.first,
                "until " + until, "first event of " + topics.first + " not written by a backfill (" + firstLive.eventId,
                "no consumer group has read", "Dry run: nothing written.");
        assertThat(read(topics.first)).hasSize(1);

        FanoutRun run = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(), "--page-rows", "7");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("events scanned", "Done: ", expected.size() + " record(s) written to " + topics.first);

        List<ConsumerRecord<String, String>> written = read(topics.first).stream().filter(r -> r.headers().lastHeader(RecordHeaders.BACKFILL_RUN) != null).toList();
        assertThat(written).extracting(r -> header(r, "eventId")).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, History> byId = new HashMap<>();
        history.forEach(h -> byId.put(h.eventId, h));
        assertThat(written).allSatisfy(record -> {
            History source = byId.get(header(record, "eventId"));
            assertThat(record.key()).isEqualTo(source.entityId);
            assertThat(record.value()).isEqualTo(source.jsonbText);
            assertThat(headers(record)).containsEntry("eventType", "LoanCreated").containsEntry("routingRuleId", topics.rule(topics.first))
                    .containsEntry("routingRuleName", topics.rule(topics.first)).containsKeys("id", RecordHeaders.BACKFILL_RUN);
        });
        assertThat(read(topics.second)).as("the other rule's topic").isEmpty();

        FanoutRun again = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("was backfilled already", expected.size() + " record(s) written", "--restart");
        assertThat(read(topics.first)).hasSize(expected.size() + 1);

        FanoutRun status = FanoutRun.of(stack, "backfill", "--status");
        assertThat(status.out()).containsPattern(topics.rule(topics.first) + "\\s+DONE\\s+\\S+\\s+(\\d+)/\\1\\s+" + expected.size() + "\\s");
    }

    @Test
    void stoppedAndKilledRunsResumeWhereTheyCommittedAndWriteEveryEventExactlyOnce(@TempDir Path dir) throws Exception {
        Topics topics = Topics.named("resume", "other");
        Path rules = rules(dir, topics);
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        // Ten events per instant: pages end between events accepted at the same time, so the order within an instant
        // (by event id) must be the one the keyset condition continues from.
        List<History> history = insertLoans(topics, 400, i -> start.plusMillis(100L * (i / 10)));
        String until = start.plus(Duration.ofMinutes(5)).toString();
        String[] backfill = {"backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(), "--since", start.toString(),
            "--until", until, "--page-rows", "1"};

        // Stopped as Ctrl-C stops it: the page in flight commits, exit code 3, the same command resumes.
        Process stopped = startAndAwaitProgress(dir, backfill);
        stopped.destroy();
        assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(stopped.exitValue()).isEqualTo(BackfillCommand.STOPPED);
        int afterStop = read(topics.first).size();
        assertThat(afterStop).isPositive().isLessThan(400);

        // Killed: its open transaction is aborted by the next run.
        Process killed = startAndAwaitProgress(dir, backfill);
        killed.destroyForcibly();
        assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();

        FanoutRun resumed = FanoutRun.of(stack, Arrays.copyOf(backfill, backfill.length - 2));
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumes:  run ", "Done: 400 event(s) scanned, 400 record(s) written");

        List<String> ids = read(topics.first).stream().map(r -> header(r, "eventId")).toList();
        assertThat(ids).hasSize(400).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(history.stream().map(h -> h.eventId).toList());
    }

    @Test
    void cancelDropsAnUnfinishedRunAndRestartBackfillsAFinishedRuleAgainThroughATargetFile(@TempDir Path dir) throws Exception {
        Topics topics = Topics.named("cancel", "unused");
        Path rules = rules(dir, topics);
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        insertLoans(topics, 200, i -> start.plusMillis(100L * i));
        Path target = dir.resolve("remote.properties");
        Files.writeString(target, "kafka.bootstrap.servers=" + stack.kafkaBootstrapServers() + "\ndb.jdbc-url=" + stack.jdbcUrl()
                + "\ndb.user=" + stack.databaseUser() + "\ndb.password=${env:BACKFILL_IT_DB_PASSWORD}\n");
        Map<String, String> env = Map.of("BACKFILL_IT_DB_PASSWORD", stack.databasePassword());
        String rule = topics.rule(topics.first);
        String until = start.plus(Duration.ofMinutes(1)).toString();

        String since = start.toString();
        Process stopped = startAndAwaitProgress(dir, "backfill", "--rule", rule, "--rules", rules.toString(), "--since", since, "--until", until,
                "--page-rows", "1");
        stopped.destroy();
        assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(FanoutRun.of(stack, "backfill", "--status").out()).containsPattern(rule + "\\s+RUNNING\\s");

        FanoutRun cancel = FanoutRun.of(stack, "backfill", "--rule", rule, "--cancel");
        assertThat(cancel.out()).as(cancel.err()).contains("Cancelled run ", "record(s) written stay in " + topics.first);
        assertThat(FanoutRun.of(stack, "backfill", "--status").out()).containsPattern(rule + "\\s+CANCELLED\\s");
        int partial = read(topics.first).size();

        FanoutRun remote = FanoutRun.of(null, env, "backfill", "--rule", rule, "--rules", rules.toString(), "--since", since, "--until", until,
                "--target", target.toString());
        assertThat(remote.exitCode()).as(remote.out() + remote.err()).isZero();
        assertThat(remote.out()).doesNotContain("resumes:").contains("Done: 200 event(s) scanned, 200 record(s) written");
        assertThat(read(topics.first)).hasSize(partial + 200);

        FanoutRun restart = FanoutRun.of(stack, "backfill", "--rule", rule, "--rules", rules.toString(), "--since", since, "--restart");
        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        assertThat(restart.out()).contains("until " + Instant.parse(until), "(--restart)", "Done: 200 event(s) scanned, 200 record(s) written");
        assertThat(read(topics.first)).hasSize(partial + 400);
    }

    @Test
    void anAvroRuleGetsTheRecordsTheRoutingJobWritesAndAnEventThatDoesNotFitItsSchemaIsDeadLettered(@TempDir Path dir) throws Exception {
        Topics topics = Topics.named("avro", "unused");
        rules(dir, topics);
        Path rules = dir.resolve("avro-rules.yaml");
        Files.writeString(rules, """
                rules:
                  - id: %s
                    outputTopic: %s
                    outputFormat: avro
                    conditions:
                      - { field: eventType, operator: equals, value: LoanCreated }
                      - { field: entity.id, operator: startsWith, value: LOAN-%s- }
                """.formatted(topics.first, topics.first, topics.run));
        Instant start = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);
        ObjectMapper json = new ObjectMapper();
        List<History> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode event = (ObjectNode) json.readTree(TestStack.repoRoot().resolve("contract/samples/loan-created-event.json").toFile());
            String id = "LOAN-" + topics.run + "-" + i;
            ObjectNode loan = (ObjectNode) event.path("entities").get(0);
            loan.put("id", id);
            ((ObjectNode) loan.path("entityHeader")).put("entityId", id);
            if (i == 4) {
                loan.remove("carId");
            }
            history.add(new History("LoanCreated", id, json.writeValueAsString(event), start.plusSeconds(i), false));
        }
        insert(history);

        FanoutRun run = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(),
                "--since", start.toString(), "--until", start.plusSeconds(60).toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Done: 5 event(s) scanned, 4 record(s) written",
                "1 matching event(s) do not fit the rule's Avro schema: written to " + GeneratorOptions.DLQ_TOPIC);
        List<ConsumerRecord<String, String>> written = readBytes(topics.first);
        assertThat(written).hasSize(4);
        for (ConsumerRecord<String, String> record : written) {
            byte[] value = record.value().getBytes(StandardCharsets.ISO_8859_1);
            History source = history.stream().filter(h -> h.entityId.equals(record.key())).findFirst().orElseThrow();
            byte[] sourceJson = source.jsonbText.getBytes(StandardCharsets.UTF_8);
            SpecificRecord expected = EventJson.read(sourceJson, 0, sourceJson.length);
            assertThat(ConfluentFraming.isFramed(value)).isTrue();
            assertThat(EventAvro.read(EventAvro.reader(expected.getSchema(), expected.getSchema()), value, ConfluentFraming.HEADER_LENGTH,
                    value.length - ConfluentFraming.HEADER_LENGTH)).isEqualTo(expected);
        }
        List<ConsumerRecord<String, String>> deadLetters = read(GeneratorOptions.DLQ_TOPIC).stream()
                .filter(r -> history.get(4).eventId.equals(header(r, "eventId"))).toList();
        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(history.get(4).jsonbText);
            assertThat(header(r, "routingError")).startsWith("does not fit the Avro schema of its eventType: ").contains("carId");
            assertThat(header(r, "routingRuleId")).isEqualTo(topics.rule(topics.first));
        });
    }

    @Test
    void refusesWhatItCannotDoWithTheReason(@TempDir Path dir) throws Exception {
        Topics topics = Topics.named("refuse", "none");
        Path rules = rules(dir, topics);

        FanoutRun unknown = FanoutRun.of(stack, "backfill", "--rule", "no-such-rule", "--rules", rules.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no rule 'no-such-rule'; rules: " + topics.rule(topics.first) + ", " + topics.rule(topics.second));

        FanoutRun inverted = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(),
                "--since", "-1h", "--until", "-2h");
        assertThat(inverted.exitCode()).isEqualTo(1);
        assertThat(inverted.err()).contains("is not before --until");

        FanoutRun noZone = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(), "--since", "2026-01-01T00:00:00");
        assertThat(noZone.exitCode()).isEqualTo(2);
        assertThat(noZone.err()).contains("--since '2026-01-01T00:00:00' has no zone");

        try (Admin admin = stack.kafkaAdmin()) {
            admin.deleteTopics(List.of(topics.second)).all().get(30, TimeUnit.SECONDS);
        }
        FanoutRun noTopic = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.second), "--rules", rules.toString());
        assertThat(noTopic.exitCode()).isEqualTo(1);
        assertThat(noTopic.err()).contains("topic " + topics.second + " of rule " + topics.rule(topics.second) + " does not exist: deploy the rule first");

        FanoutRun cancelNothing = FanoutRun.of(stack, "backfill", "--rule", topics.rule(topics.first), "--rules", rules.toString(), "--cancel");
        assertThat(cancelNothing.out()).contains("has no unfinished backfill: nothing cancelled");
    }

    /**
     * Two rules: loans above 100000 to the first topic, cars to the second; ids are the topic names. Both match only
     * entities of this test ({@code run}): the tests share the database.
     */
    private record Topics(String run, String first, String second) {
        static Topics named(String first, String second) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            return new Topics(run, "backfill-it-" + first + "-" + run, "backfill-it-" + second + "-" + run);
        }

        String rule(String topic) {
            return topic;
        }
    }

    private static Path rules(Path dir, Topics topics) throws Exception {
        try (Admin admin = stack.kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(topics.first, PARTITIONS, (short) 1), new NewTopic(topics.second, PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                rules:
                  - id: %s
                    outputTopic: %s
                    conditions:
                      - { field: eventType, operator: equals, value: LoanCreated }
                      - { field: entity.loanAmount, operator: greaterThan, value: 100000, valueType: number }
                      - { field: entity.entityId, operator: startsWith, value: LOAN-%s- }
                  - id: %s
                    outputTopic: %s
                    conditions:
                      - { field: eventType, operator: equals, value: CarCreated }
                      - { field: entity.entityId, operator: startsWith, value: CAR-%s- }
                """.formatted(topics.first, topics.first, topics.run, topics.second, topics.second, topics.run));
        return file;
    }

    /** One row of business_event; {@code jsonbText} is filled from the database (the event as PostgreSQL prints it). */
    private static final class History {
        final String eventId = UUID.randomUUID().toString();
        final String entityId;
        final String type;
        final String json;
        final Instant receivedAt;
        final boolean large;
        String jsonbText;

        History(String type, String entityId, String json, Instant receivedAt, boolean large) {
            this.type = type;
            this.entityId = entityId;
            this.json = json;
            this.receivedAt = receivedAt;
            this.large = large;
        }
    }

    private static History loan(Topics topics, Instant receivedAt, int amount) {
        String id = "LOAN-" + topics.run + "-" + UUID.randomUUID();
        return new History("LoanCreated", id, "{\"eventHeader\": {\"eventType\": \"LoanCreated\", \"eventName\": \"Loan Created\"},"
                + " \"entities\": [{\"entityId\": \"" + id + "\", \"loanAmount\": " + amount + "}]}", receivedAt, amount > 100_000);
    }

    private static History car(Topics topics, Instant receivedAt) {
        String id = "CAR-" + topics.run + "-" + UUID.randomUUID();
        return new History("CarCreated", id, "{\"eventHeader\": {\"eventType\": \"CarCreated\"}, \"entities\": [{\"entityId\": \"" + id + "\"}]}",
                receivedAt, false);
    }

    /** {@code count} loans of this test above 100000, the i-th accepted at {@code acceptedAt(i)}, in business_event. */
    private static List<History> insertLoans(Topics topics, int count, IntFunction<Instant> acceptedAt) throws Exception {
        List<History> history = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            history.add(loan(topics, acceptedAt.apply(i), 200_000));
        }
        insert(history);
        return history;
    }

    private static void insert(List<History> history) throws Exception {
        try (Connection db = stack.openDatabase();
                PreparedStatement insert = db.prepareStatement("INSERT INTO business_event (event_id, event_type, event_name, primary_entity_id,"
                        + " created_date, saved_date, received_at, event) VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING event::text")) {
            for (History h : history) {
                insert.setString(1, h.eventId);
                insert.setString(2, h.type);
                insert.setString(3, h.type);
                insert.setString(4, h.entityId);
                insert.setObject(5, h.receivedAt.atOffset(ZoneOffset.UTC));
                insert.setObject(6, h.receivedAt.atOffset(ZoneOffset.UTC));
                insert.setObject(7, h.receivedAt.atOffset(ZoneOffset.UTC));
                insert.setString(8, h.json);
                try (ResultSet text = insert.executeQuery()) {
                    text.next();
                    h.jsonbText = text.getString(1);
                }
            }
        }
    }

    /** The record the routing job writes for an event it routed live (no backfill header). */
    private static void liveRecord(String topic, History event) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", stack.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("eventId", event.eventId.getBytes(StandardCharsets.UTF_8)).add("eventType", event.type.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, null, event.entityId, event.jsonbText, headers)).get();
        }
    }

    /** Starts the backfill and returns once it printed progress (a page committed). */
    private static Process startAndAwaitProgress(Path dir, String... args) throws Exception {
        Process process = FanoutRun.start(stack.context().options().stateDir(), Map.of(), dir.resolve("err-" + UUID.randomUUID() + ".txt"), args);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        AtomicInteger progressLines = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                out.lines().forEach(line -> {
                    if (line.contains("events scanned")) {
                        progressLines.incrementAndGet();
                    }
                });
            } catch (UncheckedIOException e) {
                // The test stopped the process: its output closed.
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> progressLines.get() > 0 || !process.isAlive());
        assertThat(process.isAlive()).as("the backfill still runs after its first page").isTrue();
        return process;
    }

    /** The topic's records with values as ISO-8859-1 text: every byte kept, for binary values. */
    private static List<ConsumerRecord<String, String>> readBytes(String topic) {
        return read(topic, StandardCharsets.ISO_8859_1);
    }

    private static List<ConsumerRecord<String, String>> read(String topic) {
        return read(topic, StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, String>> read(String topic, java.nio.charset.Charset values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        StringDeserializer valueDeserializer = new StringDeserializer();
        valueDeserializer.configure(Map.of("deserializer.encoding", values.name()), false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), valueDeserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
