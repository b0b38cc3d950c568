package io.cdcfanout.fanout.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.RegisteredAvro;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.OutputFormat;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.HeaderValue;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Gives one routing rule's topic the events accepted before the rule existed (or before its topic's retention),
 * from the producer's durable history, table {@code business_event}, which holds every accepted event as accepted.
 *
 * <p>Each history row, in the order it was accepted ({@code received_at, event_id}), becomes the record Debezium's
 * outbox router would have made of it (key = primary entity id, value = the event as PostgreSQL prints it, headers
 * {@code id}, {@code eventId}, {@code eventType}); the rule is evaluated by the routing rules' reference evaluator,
 * the one the end-to-end verifier checks the Flink job against; a matching record goes to the rule's topic only,
 * with the routing job's rule headers and {@value RecordHeaders#BACKFILL_RUN}. No other topic, so consumers of other rules get
 * nothing extra. A rule with {@code outputFormat: avro} gets the value the job writes ({@link RegisteredAvro}); an
 * event it matches that does not fit its schema goes, as from the job, to the job's dead-letter topic.
 *
 * <p>Why not Debezium's incremental snapshot, as docs/ARCHITECTURE.md once planned: it needs a second replication
 * slot (WAL retained while it lags), a second connector, a backfill source in the routing job and, on Confluent
 * Cloud, another Flink statement; its progress is only in JMX. Reading the table needs none of that, works the same
 * against a remote deployment, and knows rows scanned / total exactly.
 *
 * <p>Exactly once: every page's records and the run's progress (a record keyed by rule id on the compacted topic
 * {@value #PROGRESS_TOPIC}) are written in one Kafka transaction under the transactional id
 * {@value #TRANSACTIONAL_ID_PREFIX}{@code <rule id>}. A run killed mid-way leaves its last page either complete with
 * its progress or absent; the next run's {@code initTransactions} aborts what it left open, fences it if it still
 * runs, and resumes after the last committed position. Consumers read {@code read_committed}, as the SDK does.
 */
public final class Backfill {

    /** Compacted topic with the latest progress of each rule's backfill, keyed by rule id. */
    public static final String PROGRESS_TOPIC = "cdc-fanout-backfills";
    /** Transactional id of the backfill of rule R: this + R. One backfill per rule at a time. */
    public static final String TRANSACTIONAL_ID_PREFIX = "fanout-backfill-";
    /**
     * How far past the first live event of the rule's topic the default window reaches. An event accepted just before
     * it may commit after it; an overlap is absorbed by the consumer's dedupe, a gap would be a lost event. The
     * producer's transactions are far shorter than this.
     */
    public static final Duration OVERLAP = Duration.ofMinutes(1);
    /** History rows per page (and per Kafka transaction). */
    public static final int DEFAULT_PAGE_ROWS = 1000;
    /** History rows held in memory at a time. */
    private static final int FETCH_ROWS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    // ORDER BY names the table's columns: a bare event_id would mean the output column event_id::text, which the index
    // cannot serve (a full scan and sort of the table per page).
    private static final String PAGE = """
            SELECT event_id::text AS id, event_type, primary_entity_id, received_at, event::text AS event_text FROM business_event e
            WHERE e.received_at >= ? AND e.received_at < ? AND (e.received_at, e.event_id) > (?, ?::uuid)
            ORDER BY e.received_at, e.event_id LIMIT ?""";
    private static final String COUNT = "SELECT count(*) FROM business_event WHERE received_at >= ? AND received_at < ?";
    private static final String FIRST_ACCEPTED = "SELECT min(received_at) FROM business_event WHERE event_id = ANY (?::uuid[])";
    /** Below every (received_at, event_id): where a run starts. */
    private static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");
    private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";

    /** A run's state on {@value #PROGRESS_TOPIC}. */
    public enum State { RUNNING, DONE, CANCELLED }

    /**
     * One backfill run as recorded after each page. Times are ISO-8601 instants (text, so the record reads the same
     * in any tool); {@code since} is null for "from the first event". {@code deadLettered}: events an Avro rule
     * matched that do not fit their schema, written to the routing job's dead-letter topic as the job does.
     */
    public record Progress(String rule, String topic, String runId, String since, String until, long total, long scanned,
            long written, long deadLettered, String positionReceivedAt, String positionEventId, State state, String startedAt,
            String updatedAt) {

        Progress page(long scannedNow, long writtenNow, long deadLetteredNow, Instant receivedAt, String eventId) {
            return new Progress(rule, topic, runId, since, until, total, scanned + scannedNow, written + writtenNow,
                    deadLettered + deadLetteredNow, receivedAt.toString(), eventId, state, startedAt, Instant.now().toString());
        }

        Progress in(State newState) {
            return new Progress(rule, topic, runId, since, until, total, scanned, written, deadLettered, positionReceivedAt,
                    positionEventId, newState, startedAt, Instant.now().toString());
        }

        Instant sinceInstant() {
            return since == null ? BEGINNING : Instant.parse(since);
        }

        Instant untilInstant() {
            return Instant.parse(until);
        }
    }

    /**
     * What a backfill will do, for the operator to read before it starts.
     *
     * @param resumes the interrupted run it continues, or null for a new run
     * @param untilReason why the window ends where it does
     * @param sharingRules other deployed rules writing to the same topic: their consumers receive the backfill too
     * @param groups consumer groups with committed offsets on the topic: they receive it
     */
    public record Plan(Rule rule, Instant since, Instant until, String untilReason, long total, Progress resumes,
            List<String> sharingRules, List<String> groups) {}

    /** A backfill that must not start or cannot go on, with the reason. */
    public static final class BackfillException extends Exception {
        public BackfillException(String message) {
            super(message);
        }
    }

    private final Admin admin;
    private final Map<String, Object> kafka;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String schemaRegistryUrl;

    /**
     * @param jdbcUrl the producer's database (it holds {@code business_event}); the user needs SELECT on it
     * @param schemaRegistryUrl the registry's Confluent-compatible API, for rules with {@code outputFormat: avro}; or empty
     */
    public Backfill(Admin admin, Map<String, Object> kafka, String jdbcUrl, String dbUser, String dbPassword, String schemaRegistryUrl) {
        this.admin = admin;
        this.kafka = kafka;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.schemaRegistryUrl = schemaRegistryUrl;
    }

    /** The latest recorded run of every rule that was ever backfilled, by rule id. */
    public Map<String, Progress> progress() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Progress> latest = new TreeMap<>();
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(PROGRESS_TOPIC)) {
            return latest;
        }
        List<RuntimeException> unreadable = new ArrayList<>();
        TopicReader.readAll(admin, kafka, PROGRESS_TOPIC, record -> {
            try {
                Progress progress = JSON.readValue(record.value(), Progress.class);
                latest.put(progress.rule(), progress);
            } catch (java.io.IOException e) {
                unreadable.add(new IllegalStateException(PROGRESS_TOPIC + " " + record.partition() + ":" + record.offset()
                        + " is not a backfill progress record: " + e.getMessage(), e));
            }
        });
        if (!unreadable.isEmpty()) {
            throw unreadable.getFirst();
        }
        return latest;
    }

    /**
     * Plans the backfill of {@code rule}: resumes its interrupted run, or starts a new one over
     * [{@code since}, {@code until}) of the accepted time.
     *
     * @param deployed every deployed rule (to name those sharing the topic)
     * @param since null: from the first event
     * @param until null: up to the first live event of the rule's topic plus {@link #OVERLAP}, or now when the topic
     *     holds none (after a {@code restart} of a finished run: that run's end)
     * @param restart start anew even when the rule was backfilled (its records are written again) or a run is unfinished
     */
    public Plan plan(Rule rule, Collection<Rule> deployed, Instant since, Instant until, boolean restart)
            throws BackfillException, InterruptedException, ExecutionException, TimeoutException, SQLException {
        if (rule.outputFormat() == OutputFormat.AVRO && schemaRegistryUrl.isEmpty()) {
            throw new BackfillException("rule " + rule.id() + " writes Avro: the backfill registers and encodes its records through the"
                    + " schema registry, which is not running (./fanout up starts it; with --target: set schema-registry.url)");
        }
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(rule.outputTopic())) {
            throw new BackfillException("topic " + rule.outputTopic() + " of rule " + rule.id() + " does not exist: deploy the rule first"
                    + " (docs/ARCHITECTURE.md \"Adding a rule\"), then backfill it");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new BackfillException("--since " + since + " is not before --until " + until + ": nothing to backfill");
        }
        List<String> sharing = deployed.stream().filter(r -> !r.id().equals(rule.id()) && r.outputTopic().equals(rule.outputTopic()))
                .map(Rule::id).toList();
        List<String> groups = groupsReading(rule.outputTopic());
        Progress last = progress().get(rule.id());
        if (last != null && last.state() == State.RUNNING && !restart) {
            if ((since != null && !since.equals(last.sinceInstant())) || (until != null && !until.equals(last.untilInstant()))) {
                throw new BackfillException("rule " + rule.id() + " has an unfinished backfill (run " + last.runId() + ", " + window(last)
                        + ", " + last.scanned() + " of " + last.total() + " rows): run the command without --since/--until to resume it,"
                        + " or add --restart to drop it and start this one");
            }
            return new Plan(rule, last.since() == null ? null : last.sinceInstant(), last.untilInstant(), "the unfinished run's window",
                    last.total(), last, sharing, groups);
        }
        if (last != null && last.state() == State.DONE && !restart) {
            throw new BackfillException("rule " + rule.id() + " was backfilled already (run " + last.runId() + ", " + window(last) + ", "
                    + last.written() + " record(s) written, finished " + last.updatedAt() + "): its consumers have those events."
                    + " --restart backfills it again (consumers skip what they handled, by event id)");
        }
        String untilReason;
        if (until != null) {
            untilReason = "--until";
        } else if (restart && last != null) {
            until = last.untilInstant();
            untilReason = "the end of run " + last.runId() + " (--restart)";
        } else {
            Optional<FirstLive> first = firstLiveEvent(rule.outputTopic());
            if (first.isPresent()) {
                until = first.get().acceptedAt().plus(OVERLAP);
                untilReason = "first event of " + rule.outputTopic() + " not written by a backfill (" + first.get().eventId() + ", accepted "
                        + first.get().acceptedAt() + ") + " + OVERLAP.toSeconds() + " s; later events reach the topic live";
            } else {
                until = databaseNow();
                untilReason = "now: " + rule.outputTopic() + " holds no event yet, so every later event reaches it live";
            }
        }
        if (since != null && !since.isBefore(until)) {
            throw new BackfillException("--since " + since + " is not before the window's end " + until + " (" + untilReason + "): nothing to backfill");
        }
        return new Plan(rule, since, until, untilReason, count(since == null ? BEGINNING : since, until), null, sharing, groups);
    }

    /**
     * Runs or resumes a planned backfill until done or until {@code stop} is set (checked after each page).
     *
     * @param onPage called after each committed page with the run's progress
     * @return the last committed progress: {@link State#DONE}, or {@link State#RUNNING} when stopped
     * @throws BackfillException when another run of the same rule (or {@code --cancel}) took over
     */
    public Progress run(Plan plan, int pageRows, AtomicBoolean stop, Consumer<Progress> onPage)
            throws BackfillException, InterruptedException, ExecutionException, TimeoutException, SQLException {
        createProgressTopic();
        Rule rule = plan.rule();
        RuleEvaluator evaluator = new RuleEvaluator(new RuleSet(List.of(rule)));
        byte[] ruleId = utf8(rule.id());
        byte[] ruleName = utf8(HeaderValue.bounded(rule.name()));
        RegisteredAvro avro = rule.outputFormat() == OutputFormat.AVRO ? new RegisteredAvro(schemaRegistryUrl) : null;
        try (KafkaProducer<byte[], byte[]> producer = TopicReader.transactionalProducer(kafka, TRANSACTIONAL_ID_PREFIX + rule.id());
                Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement page = db.prepareStatement(PAGE)) {
            // A cursor per page, FETCH_ROWS at a time: events are up to the record limit (1 MiB) each, and a whole page
            // in memory could be a gigabyte. PostgreSQL's JDBC driver only uses a cursor inside a transaction.
            db.setAutoCommit(false);
            db.setReadOnly(true);
            page.setFetchSize(FETCH_ROWS);
            producer.initTransactions();
            Progress progress = plan.resumes() != null ? resumed(plan) : new Progress(rule.id(), rule.outputTopic(), UUID.randomUUID().toString(),
                    plan.since() == null ? null : plan.since().toString(), plan.until().toString(), plan.total(), 0, 0, 0, null, null,
                    State.RUNNING, Instant.now().toString(), Instant.now().toString());
            byte[] runId = utf8(progress.runId());
            page.setObject(1, utc(progress.sinceInstant()));
            page.setObject(2, utc(progress.untilInstant()));
            page.setInt(5, pageRows);
            while (true) {
                page.setObject(3, utc(progress.positionReceivedAt() == null ? BEGINNING : Instant.parse(progress.positionReceivedAt())));
                page.setString(4, progress.positionEventId() == null ? NIL_UUID : progress.positionEventId());
                transact(producer, rule, () -> producer.beginTransaction());
                long scanned = 0;
                long written = 0;
                long deadLettered = 0;
                Instant lastReceived = null;
                String lastEventId = null;
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        String eventId = rows.getString(1);
                        String event = rows.getString(5);
                        scanned++;
                        lastReceived = rows.getObject(4, OffsetDateTime.class).toInstant();
                        lastEventId = eventId;
                        if (evaluator.route(event, Map.of()).rules().isEmpty()) {
                            continue;
                        }
                        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
                        headers.add(RecordHeaders.OUTBOX_ID, utf8(UUID.randomUUID().toString()))
                                .add(RecordHeaders.EVENT_ID, utf8(eventId))
                                .add(RecordHeaders.EVENT_TYPE, utf8(rows.getString(2)))
                                .add(RecordHeaders.ROUTING_RULE_ID, ruleId)
                                .add(RecordHeaders.ROUTING_RULE_NAME, ruleName)
                                .add(RecordHeaders.BACKFILL_RUN, runId);
                        byte[] key = utf8(rows.getString(3));
                        byte[] value = utf8(event);
                        if (avro == null) {
                            producer.send(new ProducerRecord<>(rule.outputTopic(), null, key, value, headers));
                            written++;
                            continue;
                        }
                        try {
                            producer.send(new ProducerRecord<>(rule.outputTopic(), null, key, avro.encode(rule.outputTopic(), value), headers));
                            written++;
                        } catch (EventFormatException e) {
                            // As the routing job does: the event unchanged to its dead-letter topic, with why.
                            headers.add(RecordHeaders.ROUTING_ERROR, utf8(HeaderValue.bounded(RegisteredAvro.UNFIT_PREFIX + e.getMessage())));
                            producer.send(new ProducerRecord<>(GeneratorOptions.DLQ_TOPIC, null, key, value, headers));
                            deadLettered++;
                        } catch (IllegalStateException | UncheckedIOException e) {
                            producer.abortTransaction();
                            throw new BackfillException("the schema registry failed (" + e.getMessage() + "); nothing of the page in"
                                    + " flight was written: the same command resumes");
                        }
                    }
                }
                Progress next = scanned == 0 ? progress.in(State.DONE) : progress.page(scanned, written, deadLettered, lastReceived, lastEventId);
                producer.send(progressRecord(next));
                db.commit();
                transact(producer, rule, producer::commitTransaction);
                progress = next;
                onPage.accept(progress);
                if (progress.state() == State.DONE || stop.get()) {
                    return progress;
                }
            }
        }
    }

    /**
     * Cancels the rule's unfinished run: records it as cancelled under the run's transactional id, which fences the
     * run if it still writes (it stops at its next page). The next backfill of the rule starts anew.
     */
    public Optional<Progress> cancel(String ruleId) throws InterruptedException, ExecutionException, TimeoutException {
        Progress last = progress().get(ruleId);
        if (last == null || last.state() != State.RUNNING) {
            return Optional.empty();
        }
        try (KafkaProducer<byte[], byte[]> producer = TopicReader.transactionalProducer(kafka, TRANSACTIONAL_ID_PREFIX + ruleId)) {
            producer.initTransactions();
            // Read again after fencing: the run may have written pages since.
            Progress fenced = progress().get(ruleId).in(State.CANCELLED);
            producer.beginTransaction();
            producer.send(progressRecord(fenced));
            producer.commitTransaction();
            return Optional.of(fenced);
        }
    }

    /** The plan's run as recorded now (after this run's fencing): it may have advanced since it was planned. */
    private Progress resumed(Plan plan) throws InterruptedException, ExecutionException, TimeoutException, BackfillException {
        Progress latest = progress().get(plan.rule().id());
        if (latest == null || latest.state() != State.RUNNING || !latest.runId().equals(plan.resumes().runId())) {
            throw new BackfillException("the backfill of rule " + plan.rule().id() + " changed while this one started (another run or --cancel);"
                    + " run the command again");
        }
        return latest;
    }

    private interface KafkaStep {
        void run();
    }

    private static void transact(KafkaProducer<byte[], byte[]> producer, Rule rule, KafkaStep step) throws BackfillException {
        try {
            step.run();
        } catch (ProducerFencedException e) {
            throw new BackfillException("another backfill of rule " + rule.id() + " (or ./fanout backfill --cancel) took over: this one stopped;"
                    + " its last page was not written. ./fanout backfill --status shows where the backfill is");
        }
    }

    private ProducerRecord<byte[], byte[]> progressRecord(Progress progress) {
        try {
            return new ProducerRecord<>(PROGRESS_TOPIC, utf8(progress.rule()), JSON.writeValueAsBytes(progress));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write backfill progress", e);
        }
    }

    private void createProgressTopic() throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(new NewTopic(PROGRESS_TOPIC, Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private record FirstLive(String eventId, Instant acceptedAt) {}

    /**
     * The earliest-accepted of the first records of each partition that no backfill wrote: where the topic's live
     * coverage begins (the rule's deployment, or its retention).
     */
    private Optional<FirstLive> firstLiveEvent(String topic)
            throws BackfillException, InterruptedException, ExecutionException, TimeoutException, SQLException {
        Map<Integer, String> firstPerPartition = new HashMap<>();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<TopicPartition> open = new ArrayList<>(partitions.stream().filter(p -> consumer.position(p) < ends.get(p)).toList());
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (!open.contains(tp)) {
                        continue;
                    }
                    if (record.headers().lastHeader(RecordHeaders.BACKFILL_RUN) == null && record.headers().lastHeader(RecordHeaders.EVENT_ID) != null) {
                        firstPerPartition.put(record.partition(), new String(record.headers().lastHeader(RecordHeaders.EVENT_ID).value(),
                                StandardCharsets.UTF_8));
                        open.remove(tp);
                    } else if (record.offset() + 1 >= ends.get(tp)) {
                        open.remove(tp);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
                consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            }
            if (!open.isEmpty()) {
                throw new BackfillException("looking for the first live event of " + topic + " took more than 60 s; name the window's end with --until");
            }
        }
        if (firstPerPartition.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>(new TreeSet<>(firstPerPartition.values()));
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement first = db.prepareStatement(FIRST_ACCEPTED)) {
            first.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet result = first.executeQuery()) {
                OffsetDateTime at = result.next() ? result.getObject(1, OffsetDateTime.class) : null;
                if (at == null) {
                    // Not in this database's history (another environment's events?): no safe end to derive.
                    throw new BackfillException("the first events of " + topic + " (" + String.join(", ", ids) + ") are not in business_event;"
                            + " name the window's end with --until");
                }
                String eventId = ids.size() == 1 ? ids.getFirst() : ids.getFirst() + " …";
                return Optional.of(new FirstLive(eventId, at.toInstant()));
            }
        }
    }

    /** Groups with committed offsets on the topic: the consumers the backfill reaches. */
    private List<String> groupsReading(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        List<String> groups = new ArrayList<>();
        for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            var offsets = admin.listConsumerGroupOffsets(listing.groupId()).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            if (offsets.keySet().stream().anyMatch(tp -> tp.topic().equals(topic))) {
                groups.add(listing.groupId());
            }
        }
        groups.sort(null);
        return groups;
    }

    private long count(Instant since, Instant until) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement count = db.prepareStatement(COUNT)) {
            count.setObject(1, utc(since));
            count.setObject(2, utc(until));
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private Instant databaseNow() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement now = db.prepareStatement("SELECT now()");
                ResultSet result = now.executeQuery()) {
            result.next();
            return result.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static String window(Progress progress) {
        return "accepted " + (progress.since() == null ? "from the first event" : "from " + progress.since()) + " until " + progress.until();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
