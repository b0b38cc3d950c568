package io.cdcfanout.sdk.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.consumer.MetricNames;
import io.cdcfanout.sdk.consumer.RecordingHandler;
import io.cdcfanout.sdk.testkit.CdcTestKit;
import io.cdcfanout.sdk.testkit.InjectCdcTestKit;
import io.cdcfanout.sdk.testkit.SampleEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What fails around the handler is not the record's fault and never dead-letters it: a receipt that cannot be sent
 * (the broker refuses its topic, reported through the send callback; then a closed producer, whose send throws at
 * once) leaves the event handled and committed; a dedupe store that fails is waited for.
 */
@QuarkusTest
@TestProfile(InfrastructureFailureTest.Profile.class)
class InfrastructureFailureTest {

    static final String GROUP = "sdk-infrastructure-failure-test";
    static final String DEAD_LETTERS = "sdk-dead-letters";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectCdcTestKit
    CdcTestKit kit;

    @Inject
    RecordingHandler handler;

    @Inject
    ReceiptSender receipts;

    @Inject
    MeterRegistry meters;

    @Inject
    FailingDedupeStore dedupe;

    @Test
    void dedupeStoreThatFailsIsWaitedForAndTheEventHandledOnceWhenItWorksAgain() {
        String topic = kit.freshTopic("sdk-infrastructure-failure");
        CarCreated car = SampleEvents.carCreated("CAR-DS1");
        dedupe.failLookups(car.getEventHeader().getUuid(), 3);

        kit.publish(topic, car, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 1);
        assertThat(handler.events(topic)).containsExactly(car);
        assertThat(counter(MetricNames.DEAD_LETTERED, topic)).isZero();
        assertThat(kit.deadLetters(DEAD_LETTERS, topic)).isEmpty();
    }

    @Test
    void receiptRefusedByTheBrokerOrThatAClosedProducerCannotSendLeavesTheEventHandledAndCommittedNotDeadLettered() {
        String topic = kit.freshTopic("sdk-infrastructure-failure");
        CarCreated refused = SampleEvents.carCreated("CAR-RF1");
        kit.publish(topic, refused, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 1);
        await().atMost(TIMEOUT).until(() -> counter(MetricNames.RECEIPTS_FAILED, topic) == 1);

        receipts.close();
        CarCreated closed = SampleEvents.carCreated("CAR-RF2");
        kit.publish(topic, closed, WireFormat.JSON);

        await().atMost(TIMEOUT).until(() -> kit.committedOffset(GROUP, topic) == 2);
        assertThat(counter(MetricNames.RECEIPTS_FAILED, topic)).isEqualTo(2);
        assertThat(handler.events(topic)).as("handled once each, no retry").containsExactly(refused, closed);
        assertThat(counter(MetricNames.SUCCEEDED, topic)).isEqualTo(2);
        assertThat(counter(MetricNames.DEAD_LETTERED, topic)).isZero();
        assertThat(kit.deadLetters(DEAD_LETTERS, topic)).isEmpty();
    }

    private double counter(String name, String topic) {
        return meters.find(name).tag(MetricNames.TAG_TOPIC, topic).counters().stream().mapToDouble(Counter::count).sum();
    }

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // Not a legal topic name: the broker refuses every receipt.
            return Map.of("cdcfanout.consumer.topic", "sdk-infrastructure-failure-.*", "cdcfanout.consumer.group-id", GROUP,
                    "cdcfanout.consumer.receipts.topic", "no receipts: not a legal topic name");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FailingDedupeStore.class);
        }
    }
}
