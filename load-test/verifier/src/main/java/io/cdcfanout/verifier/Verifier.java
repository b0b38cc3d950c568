package io.cdcfanout.verifier;

import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.EventJson;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.OutputFormat;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks one run: reads the raw topic, every routed topic, the dead-letter topics and the consumers' delivery
 * receipts from just before the run's first accepted event, until everything the rules call for has arrived or the
 * timeout passes, and then reports, per place, what is lost, misrouted, duplicated or altered.
 */
public final class Verifier {

    /** What to check against. */
    public record Settings(String sourceTopic, String sourceDeadLetterTopic, String receiptsTopic, RuleSet rules,
            Set<String> expectedConsumers, Duration timeout, Duration settle) {
    }

    private static final Duration READ_BEFORE_RUN = Duration.ofMinutes(1);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    private final Settings settings;
    private final RuleEvaluator evaluator;
    private final Map<String, Rule> rulesByTopic = new LinkedHashMap<>();
    private final Clock clock;
    /** Per run event: its rules' topics, once its raw record was seen (evaluated once). */
    private final Map<String, Set<String>> expectedTopics = new HashMap<>();
    /** Per run event: the digest its receipts must carry (computed once). */
    private final Map<String, String> digests = new HashMap<>();

    public Verifier(Settings settings, Clock clock) {
        this.settings = settings;
        this.evaluator = new RuleEvaluator(settings.rules());
        settings.rules().deployable().forEach(rule -> rulesByTopic.putIfAbsent(rule.outputTopic(), rule));
        this.clock = clock;
    }

    /**
     * Verifies the run whose accepted events are {@code accepted}, reading Kafka through {@code kafka}.
     *
     * @param summaryAccepted how many events the load tool counted as accepted, or {@code null}
     */
    public VerificationReport verify(String runId, Map<String, AcceptedEvent> accepted, Long summaryAccepted, KafkaTopics kafka)
            throws InterruptedException {
        Observations seen = new Observations(accepted);
        Instant from = accepted.values().stream().map(AcceptedEvent::acceptedAt).min(Instant::compareTo).orElse(clock.instant())
                .minus(READ_BEFORE_RUN);
        Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers = new LinkedHashMap<>();
        handlers.put(settings.sourceTopic(), seen::raw);
        handlers.put(settings.sourceDeadLetterTopic(), seen::deadLetter);
        rulesByTopic.forEach((topic, rule) -> {
            boolean json = rule.outputFormat() == OutputFormat.JSON;
            handlers.put(topic, record -> seen.routed(record, json));
            handlers.put(topic + "-dlq", seen::deadLetter);
        });
        handlers.put(settings.receiptsTopic(), seen::receipt);

        Instant deadline = clock.instant().plus(settings.timeout());
        try (KafkaTopics.Reader reader = kafka.read(handlers.keySet(), from)) {
            Instant completeSince = null;
            Instant nextCheck = clock.instant();
            while (clock.instant().isBefore(deadline)) {
                reader.poll(Duration.ofMillis(500), record -> handlers.get(record.topic()).accept(record));
                if (clock.instant().isBefore(nextCheck)) {
                    continue;
                }
                nextCheck = clock.instant().plus(CHECK_INTERVAL);
                boolean complete = reader.caughtUp() && build(runId, accepted, summaryAccepted, seen, kafka.consumerTopics(rulesByTopic.keySet())).lost() == 0;
                if (!complete) {
                    completeSince = null;
                } else if (completeSince == null) {
                    completeSince = clock.instant();
                } else if (!clock.instant().isBefore(completeSince.plus(settings.settle()))) {
                    break;
                }
            }
        }
        return build(runId, accepted, summaryAccepted, seen, kafka.consumerTopics(rulesByTopic.keySet()));
    }

    /** The report for what has been seen so far. */
    private VerificationReport build(String runId, Map<String, AcceptedEvent> accepted, Long summaryAccepted, Observations seen,
            Map<String, Set<String>> committedTopicsByGroup) {
        seen.raw.forEach((eventId, record) -> expectedTopics.computeIfAbsent(eventId,
                id -> new HashSet<>(evaluator.route(record.value(), record.headers()).topics())));

        Set<String> lostEvents = new TreeSet<>();
        Set<String> misroutedEvents = new TreeSet<>();
        Set<String> duplicatedEvents = new TreeSet<>();
        Set<String> alteredEvents = new TreeSet<>();
        List<String> problems = new ArrayList<>();

        Set<String> rawMissing = new TreeSet<>(accepted.keySet());
        rawMissing.removeAll(seen.raw.keySet());
        lostEvents.addAll(rawMissing);
        Set<String> rawDuplicated = duplicates(seen.rawCount);
        duplicatedEvents.addAll(rawDuplicated);
        Stage raw = new Stage(settings.sourceTopic(), accepted.size(), seen.raw.size(), rawMissing.size(), 0, rawDuplicated.size(), 0,
                seen.deadLettered.getOrDefault(settings.sourceDeadLetterTopic(), Set.of()).size(), Delay.NONE, examples(rawMissing, Set.of(), rawDuplicated, Set.of()));

        List<Stage> topics = new ArrayList<>();
        for (String topic : rulesByTopic.keySet()) {
            Set<String> expected = eventsFor(expectedTopics, Set.of(topic));
            Map<String, Integer> there = seen.routed.getOrDefault(topic, Map.of());
            Set<String> missing = difference(expected, there.keySet());
            Set<String> unexpected = difference(there.keySet(), expected);
            unexpected.removeIf(eventId -> !expectedTopics.containsKey(eventId)); // not yet judged: raw record not seen
            Set<String> duplicated = duplicates(there);
            Set<String> changed = seen.altered.getOrDefault(topic, Set.of());
            lostEvents.addAll(missing);
            misroutedEvents.addAll(unexpected);
            duplicatedEvents.addAll(duplicated);
            alteredEvents.addAll(changed);
            topics.add(new Stage(topic, expected.size(), expected.size() - missing.size(), missing.size(), unexpected.size(), duplicated.size(),
                    changed.size(), seen.deadLettered.getOrDefault(topic + "-dlq", Set.of()).size(), Delay.NONE,
                    examples(missing, unexpected, duplicated, changed)));
        }

        Map<String, Set<String>> consumerTopics = new TreeMap<>();
        committedTopicsByGroup.forEach((group, groupTopics) -> consumerTopics.computeIfAbsent(group, g -> new TreeSet<>()).addAll(groupTopics));
        seen.receipts.forEach((group, byEvent) -> byEvent.values().forEach(list -> list.forEach(
                receipt -> consumerTopics.computeIfAbsent(group, g -> new TreeSet<>()).add(receipt.topic()))));
        for (String group : settings.expectedConsumers()) {
            if (!consumerTopics.containsKey(group)) {
                problems.add("consumer group " + group + " has neither committed offsets on a routed topic nor sent receipts: is it running?");
                consumerTopics.put(group, new TreeSet<>());
            }
        }
        consumerTopics.values().forEach(groupTopics -> groupTopics.retainAll(rulesByTopic.keySet()));
        List<Long> allDelays = new ArrayList<>();
        Instant firstAccepted = accepted.values().stream().map(AcceptedEvent::acceptedAt).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant lastAccepted = accepted.values().stream().map(AcceptedEvent::acceptedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
        Duration fifth = Duration.between(firstAccepted, lastAccepted).dividedBy(5);
        List<Long> firstFifthDelays = new ArrayList<>();
        List<Long> lastFifthDelays = new ArrayList<>();
        List<Stage> consumers = new ArrayList<>();
        List<VerificationReport.Delivery> deliveries = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : consumerTopics.entrySet()) {
            String group = entry.getKey();
            Map<String, List<DeliveryReceipt>> groupReceipts = seen.receipts.getOrDefault(group, Map.of());
            if (groupReceipts.isEmpty() && !entry.getValue().isEmpty()) {
                problems.add("consumer group " + group + " sent no delivery receipts: set cdcfanout.consumer.receipts.topic="
                        + settings.receiptsTopic() + " (./fanout and docker-compose do)");
            }
            Set<String> expected = eventsFor(expectedTopics, entry.getValue());
            Set<String> missing = difference(expected, groupReceipts.keySet());
            Set<String> unexpected = new TreeSet<>();
            Set<String> duplicated = new TreeSet<>();
            Set<String> changed = new TreeSet<>();
            List<Long> delays = new ArrayList<>();
            groupReceipts.forEach((eventId, list) -> {
                if (!expected.contains(eventId) && expectedTopics.containsKey(eventId)) {
                    unexpected.add(eventId);
                }
                if (list.size() > 1) {
                    duplicated.add(eventId);
                }
                String digest = digests.computeIfAbsent(eventId, id -> digestOf(accepted.get(id)));
                if (list.stream().anyMatch(receipt -> !receipt.eventDigest().equals(digest))) {
                    changed.add(eventId);
                }
                DeliveryReceipt first = list.stream().min((a, b) -> a.handledAt().compareTo(b.handledAt())).orElseThrow();
                Instant acceptedAt = accepted.get(eventId).acceptedAt();
                long delayMicros = Duration.between(acceptedAt, first.handledAt()).toNanos() / 1000;
                deliveries.add(new VerificationReport.Delivery(group, eventId, acceptedAt, first.handledAt()));
                delays.add(delayMicros);
                if (!acceptedAt.isAfter(firstAccepted.plus(fifth))) {
                    firstFifthDelays.add(delayMicros);
                }
                if (!acceptedAt.isBefore(lastAccepted.minus(fifth))) {
                    lastFifthDelays.add(delayMicros);
                }
            });
            allDelays.addAll(delays);
            lostEvents.addAll(missing);
            misroutedEvents.addAll(unexpected);
            duplicatedEvents.addAll(duplicated);
            alteredEvents.addAll(changed);
            long deadLettered = entry.getValue().stream().mapToLong(t -> seen.deadLettered.getOrDefault(t + "-dlq", Set.of()).size()).sum();
            consumers.add(new Stage(group + " (" + String.join(", ", entry.getValue()) + ")", expected.size(), expected.size() - missing.size(),
                    missing.size(), unexpected.size(), duplicated.size(), changed.size(), deadLettered, Delay.ofMicros(delays),
                    examples(missing, unexpected, duplicated, changed)));
        }
        seen.unreadableReceipts.stream().limit(5).forEach(text -> problems.add("unreadable receipt " + text));
        if (summaryAccepted != null && summaryAccepted != accepted.size()) {
            problems.add("the load tool counted " + summaryAccepted + " accepted events, the producer's database holds " + accepted.size()
                    + " for this run" + (summaryAccepted > accepted.size() ? ": accepted events were not stored" : ": ids of this run were reused"));
        }
        Map<String, Long> byType = accepted.values().stream().collect(Collectors.groupingBy(AcceptedEvent::eventType, TreeMap::new, Collectors.counting()));
        return new VerificationReport(runId, clock.instant(), accepted.size(), summaryAccepted, byType, raw, topics, consumers,
                Delay.ofMicros(allDelays), Delay.ofMicros(firstFifthDelays), Delay.ofMicros(lastFifthDelays), lostEvents.size(), misroutedEvents.size(), duplicatedEvents.size(), alteredEvents.size(), problems, deliveries);
    }

    private static String digestOf(AcceptedEvent event) {
        try {
            SpecificRecord typed = EventJson.read(event.event(), null);
            return DeliveryReceipt.digest(typed);
        } catch (EventFormatException e) {
            return "undecodable: " + e.getMessage();
        }
    }

    private static Set<String> eventsFor(Map<String, Set<String>> expectedTopics, Set<String> topics) {
        Set<String> events = new TreeSet<>();
        expectedTopics.forEach((eventId, eventTopics) -> {
            if (eventTopics.stream().anyMatch(topics::contains)) {
                events.add(eventId);
            }
        });
        return events;
    }

    private static Set<String> difference(Collection<String> a, Collection<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> duplicates(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> examples(Set<String> lost, Set<String> misrouted, Set<String> duplicated, Set<String> altered) {
        List<String> examples = new ArrayList<>();
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        kinds.put("lost", lost);
        kinds.put("misrouted", misrouted);
        kinds.put("duplicated", duplicated);
        kinds.put("altered", altered);
        kinds.forEach((kind, ids) -> ids.stream().limit(5).forEach(id -> examples.add(kind + " " + id)));
        return examples;
    }
}
