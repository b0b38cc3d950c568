package io.cdcfanout.sdk.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members of one consumer group share a 4-partition topic while events keep arriving: a second member joins (the
 * SDK's instance gives up half its partitions, with records fetched and in flight) and later leaves (the SDK's
 * instance takes them back from their committed offsets). Every event must be handled at least once by one member or
 * the other, nothing dead-lettered, and the group must end with everything committed. Events come in runs of one key
 * (an entity changed ten times): the SDK handles the events of a key in their order and never two at once; a
 * redelivered event it handled already is skipped by dedupe. {@link ConcurrentRebalanceTest} reruns this with records
 * of many keys in flight at once.
 *
 * <p>The second member is a plain at-least-once {@link KafkaConsumer} (handle the polled records, then commit): one
 * JVM runs one Quarkus application at a time, and what is under test is the SDK's side of the rebalances.
 */
@QuarkusTest
@TestProfile(RebalanceTest.Profile.class)
class RebalanceTest {

    static final String GROUP = "sdk-rebalance-test";
    static final int EVENTS = 3000;
    static final int BATCH = 100;
    static final int KEYS = EVENTS / 10;
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @InjectCdcTestKit
    CdcTestKit kit;

    @Inject
    RecordingHandler handler;

    private final ScheduledExecutorService load = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stopLoad() {
        load.shutdownNow();
    }

    /** The group of the application under test (its profile's {@code cdcfanout.consumer.group-id}). */
    protected String group() {
        return GROUP;
    }

    /** Topics starting with this match the profile's {@code cdcfanout.consumer.topic} pattern. */
    protected String topicPrefix() {
        return "sdk-rebalance-";
    }

    @Test
    void memberJoiningAndLeavingUnderLoadLosesNoEvent() throws Exception {
        String topic = topicPrefix() + UUID.randomUUID().toString().substring(0, 8);
        kit.companion().topics().createAndWait(topic, 4, TIMEOUT);
        // A handler that takes a little time keeps records in flight when partitions move.
        handler.slowDown(topic, Duration.ofMillis(2));
        List<CarCreated> events = IntStream.range(0, EVENTS).mapToObj(i -> SampleEvents.carCreated("CAR-RB-" + i % KEYS)).toList();
        AtomicInteger published = new AtomicInteger();
        // About 500 events/s, for 6 s.
        load.scheduleAtFixedRate(() -> {
            int from = published.get();
            if (from < EVENTS) {
                kit.publishAll(topic, events.subList(from, from + BATCH), WireFormat.JSON);
                published.addAndGet(BATCH);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        await().atMost(TIMEOUT).until(() -> handler.calls(topic).size() >= 500);
        Set<String> handledBySecond = ConcurrentHashMap.newKeySet();
        AtomicBoolean leave = new AtomicBoolean();
        Future<?> second = load.submit(() -> secondMember(topic, handledBySecond, leave));
        await().atMost(TIMEOUT).until(() -> handledBySecond.size() >= 200 && published.get() >= 2000);
        leave.set(true);
        second.get(30, TimeUnit.SECONDS);

        await().atMost(TIMEOUT).until(() -> published.get() == EVENTS && kit.committedOffset(group(), topic) == EVENTS);
        Set<String> handledByTheSdk = new HashSet<>();
        handler.calls(topic).forEach(call -> handledByTheSdk.add(call.context().eventId()));
        Set<String> handled = new HashSet<>(handledByTheSdk);
        handled.addAll(handledBySecond);
        assertThat(handled).containsAll(events.stream().map(event -> event.getEventHeader().getUuid()).toList());
        assertThat(handledByTheSdk).as("the SDK handled events on every side of both rebalances").hasSizeGreaterThan(1000);
        assertThat(kit.deadLetters(ConsumerSdkTest.DEAD_LETTERS, topic)).isEmpty();
        assertThat(handler.mostCallsOfOneKeyAtOnce(topic)).as("calls of one key at once").isEqualTo(1);
        Map<String, Integer> position = new HashMap<>();
        IntStream.range(0, EVENTS).forEach(i -> position.put(events.get(i).getEventHeader().getUuid(), i));
        handler.calls(topic).stream()
                .collect(Collectors.groupingBy(call -> call.context().key(), Collectors.mapping(call -> position.get(call.context().eventId()),
                        Collectors.toList())))
                .forEach((key, handledInOrder) -> assertThat(handledInOrder.stream().distinct().toList())
                        .as("events of key %s in the order the SDK first handled them", key).isSorted());
    }

    /** Handles (records) what it polls, then commits; leaves the group when told. */
    private void secondMember(String topic, Set<String> handled, AtomicBoolean leave) {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!leave.get()) {
                consumer.poll(Duration.ofMillis(100)).forEach(record ->
                        handled.add(new String(record.headers().lastHeader(RecordHeaders.EVENT_ID).value(), StandardCharsets.UTF_8)));
                try {
                    consumer.commitSync();
                } catch (RebalanceInProgressException e) {
                    // Cooperative rebalancing (the SDK's assignor) refuses a commit mid-rebalance; the next poll completes
                    // it and the records not committed come again: at least once, as for any member.
                }
            }
        }
    }

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cdcfanout.consumer.topic", "sdk-rebalance-.*", "cdcfanout.consumer.group-id", GROUP);
        }
    }
}
