package io.cdcfanout.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.events.receipt.DeliveryReceipt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ObservationsTest {

    private static final String EVENT_ID = "550e8400-e29b-41d4-a716-446655440002";
    private final Observations seen = new Observations(Map.of(EVENT_ID,
            new AcceptedEvent(EVENT_ID, "LoanCreated", "run-LOAN-1", Instant.EPOCH, new ObjectMapper().createObjectNode().put("a", 1))));

    @Test
    void unreadableReceiptOfARunEventIsRecordedWithItsPositionAndTheOthersStillCount() {
        DeliveryReceipt good = new DeliveryReceipt("loan-consumer", EVENT_ID, "LoanCreated", "filtered-loan-created-events", 0, 3, null, 1,
                Instant.EPOCH, "sha256:00", null);

        seen.receipt(new ConsumerRecord<>("cdc-fanout-receipts", 1, 7, EVENT_ID, "{broken".getBytes(StandardCharsets.UTF_8)));
        seen.receipt(new ConsumerRecord<>("cdc-fanout-receipts", 1, 8, EVENT_ID, good.toJson()));

        assertThat(seen.unreadableReceipts).singleElement().asString().startsWith("cdc-fanout-receipts-1@7: receipt is not valid JSON");
        assertThat(seen.receipts.get("loan-consumer").get(EVENT_ID)).containsExactly(good);
    }

    @Test
    void recordsOfOtherRunsAndWithoutEventIdAreIgnored() {
        ConsumerRecord<String, byte[]> other = new ConsumerRecord<>("filtered-loan-created-events", 0, 0, "k", "{}".getBytes(StandardCharsets.UTF_8));
        other.headers().add("eventId", "another-run-event".getBytes(StandardCharsets.UTF_8));

        seen.routed(other, true);
        seen.raw(new ConsumerRecord<>("raw-business-events", 0, 0, "k", "{}".getBytes(StandardCharsets.UTF_8)));
        seen.receipt(new ConsumerRecord<>("cdc-fanout-receipts", 0, 0, "another-run-event", "{broken".getBytes(StandardCharsets.UTF_8)));

        assertThat(seen.routed).isEmpty();
        assertThat(seen.raw).isEmpty();
        assertThat(seen.unreadableReceipts).isEmpty();
    }

    @Test
    void routedRecordWithOtherContentThanAcceptedIsAltered() {
        seen.routed(routed("{\"a\":2}"), true);

        assertThat(seen.altered.get("filtered-loan-created-events")).containsExactly(EVENT_ID);
    }

    @Test
    void routedRecordWithTheSameContentDifferentlyFormattedIsNotAltered() {
        seen.routed(routed("{ \"a\" : 1.00 }"), true);
        seen.routed(routed("{\"a\":1}"), true);

        assertThat(seen.altered).isEmpty();
        assertThat(seen.routed.get("filtered-loan-created-events")).containsEntry(EVENT_ID, 2);
    }

    private static ConsumerRecord<String, byte[]> routed(String value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("filtered-loan-created-events", 0, 0, "k", value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventId", EVENT_ID.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
