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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code cdcfanout.consumer.concurrency=8}: keys in parallel, each key in order (retries and dead letters included),
 * commits only below unfinished records.
 */
@QuarkusTest
@TestProfile(ConcurrencyTest.Profile.class)
class ConcurrencyTest {

    static final String GROUP = "sdk-concurrency-test";
    static final int CONCURRENCY = 8;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The trace id of no span. */
    private static final String NO_TRACE = "0".repeat(32);

    @InjectCdcTestKit
    CdcTestKit kit;

    @Inject
    RecordingHandler handler;

    @Test
    void recordsOfOneKeyAreHandledInOrderAndOneAtATimeWhileRecordsOfDifferentKeysRunInParallel() {
        String topic = "sdk-concurrency-order-" + UUID.randomUUID().toString().substring(0, 8);
        kit.companion().topics().createAndWait(topic, 3, TIMEOUT);
        // Random handling times let records of other keys overtake each other all the time.
        handler.slowDownRandomly(topic, Duration.ofMillis(4));
        List<CarCreated> events = IntStream.range(0, 2000).mapToObj(i -> SampleEvents.carCreated("CAR-K" + i % 50)).toList();

        kit.publishAll(topic, events, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == events.size());
        Map<String, List<String>> publishedPerKey = events.stream().collect(Collectors.groupingBy(
                event -> event.getEntities().get(0).getId(), Collectors.mapping(ConcurrencyTest::eventId, Collectors.toList())));
        Map<String, List<String>> handledPerKey = handler.calls(topic).stream().collect(Collectors.groupingBy(
                call -> call.context().key(), Collectors.mapping(call -> call.context().eventId(), Collectors.toList())));
        assertThat(handledPerKey).as("every event handled once, in its key's order").isEqualTo(publishedPerKey);
        assertThat(handler.mostCallsOfOneKeyAtOnce(topic)).as("calls of one key at once").isEqualTo(1);
        assertThat(handler.mostCallsAtOnce(topic)).as("calls of different keys at once").isGreaterThan(CONCURRENCY / 2);
        assertThat(kit.deadLetters(ConsumerSdkTest.DEAD_LETTERS, topic)).isEmpty();
        // On every lane the handler runs in a span of its own record: one trace per record, none missing.
        assertThat(handler.calls(topic)).extracting(RecordingHandler.Call::traceId).doesNotContain(NO_TRACE)
                .doesNotHaveDuplicates();
    }

    @Test
    void aRecordStillRunningHoldsItsPartitionsCommitWhileLaterRecordsOfOtherKeysFinish() {
        String topic = kit.freshTopic("sdk-concurrency-commit");
        CarCreated slow = SampleEvents.carCreated("CAR-SLOW");
        List<CarCreated> events = new ArrayList<>(List.of(slow));
        IntStream.range(0, 20).forEach(i -> events.add(SampleEvents.carCreated("CAR-FAST-" + i)));
        handler.hold(eventId(slow));

        kit.publishAll(topic, events, WireFormat.JSON);

        // Most of the fast records finish; the few whose key hashes to the slow record's lane wait behind it.
        await().atMost(TIMEOUT).until(() -> handler.calls(topic).size() > events.size() / 2);
        // Several commit intervals (200 ms in tests) pass while the first record is still running.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> kit.committedOffset(GROUP, topic) == 0);
        handler.release(eventId(slow));
        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == events.size());
    }

    @Test
    void aRecordRetriedThenDeadLetteredKeepsItsKeysOrderWhileOtherKeysGoOn() {
        String topic = kit.freshTopic("sdk-concurrency-retries");
        CarCreated failing = SampleEvents.carCreated("CAR-FAILING");
        CarCreated sameKeyAfter = SampleEvents.carCreated("CAR-FAILING");
        List<CarCreated> events = new ArrayList<>(List.of(failing, sameKeyAfter));
        IntStream.range(0, 30).forEach(i -> events.add(SampleEvents.carCreated("CAR-OTHER-" + i)));
        handler.failNext(eventId(failing), new RetryableException("a"), new RetryableException("b"), new RetryableException("c"));

        kit.publishAll(topic, events, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == events.size());
        assertThat(handler.calls(topic).stream().filter(call -> call.context().key().equals("CAR-FAILING"))
                .map(call -> call.context().eventId()))
                .as("three attempts, dead-lettered, then the next event of the key")
                .containsExactly(eventId(failing), eventId(failing), eventId(failing), eventId(sameKeyAfter));
        assertThat(kit.deadLetters(ConsumerSdkTest.DEAD_LETTERS, topic)).singleElement()
                .extracting(record -> CdcTestKit.header(record, RecordHeaders.EVENT_ID)).isEqualTo(eventId(failing));
        assertThat(handler.calls(topic)).hasSize(events.size() + 2);
        assertThat(handler.calls(topic).stream().filter(call -> call.context().eventId().equals(eventId(failing)))
                .map(RecordingHandler.Call::traceId).distinct()).as("the attempts of one record in its one handler span")
                .singleElement().isNotEqualTo(NO_TRACE);
    }

    private static String eventId(CarCreated event) {
        return event.getEventHeader().getUuid();
    }

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cdcfanout.consumer.topic", "sdk-concurrency-.*", "cdcfanout.consumer.group-id", GROUP,
                    "cdcfanout.consumer.concurrency", String.valueOf(CONCURRENCY));
        }
    }
}
