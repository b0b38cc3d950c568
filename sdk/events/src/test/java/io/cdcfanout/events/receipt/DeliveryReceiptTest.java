package io.cdcfanout.events.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.codec.EventAvro;
import io.cdcfanout.events.codec.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryReceiptTest {

    private static final DeliveryReceipt RECEIPT = new DeliveryReceipt("loan-consumer", "550e8400-e29b-41d4-a716-446655440002",
            "LoanCreated", "filtered-loan-created-events", 2, 41L, "loan-created", 1,
            Instant.parse("2026-11-25T10:15:30.123456Z"), "sha256:00ff", "4bf92f3577b34da6a3ce929d0e0e4736");

    @Test
    void receiptReadsBackFromItsJsonUnchanged() {
        assertThat(DeliveryReceipt.fromJson(RECEIPT.toJson())).isEqualTo(RECEIPT);
    }

    @Test
    void receiptWithoutRoutingRuleOrTraceReadsBackWithNulls() {
        DeliveryReceipt unrouted = new DeliveryReceipt("c", "id", "CarCreated", "t", 0, 0, null, 3, Instant.EPOCH, "sha256:aa", null);

        assertThat(DeliveryReceipt.fromJson(unrouted.toJson())).isEqualTo(unrouted);
    }

    @Test
    void receiptOfAnOlderSdkWithoutTraceIdFieldReadsWithNullTraceId() {
        String older = "{\"consumerGroup\":\"c\",\"eventId\":\"id\",\"eventType\":\"CarCreated\",\"topic\":\"t\",\"partition\":0,"
                + "\"offset\":0,\"routingRuleId\":null,\"attempt\":1,\"handledAt\":\"1970-01-01T00:00:00Z\",\"eventDigest\":\"sha256:aa\"}";

        assertThat(DeliveryReceipt.fromJson(older.getBytes(java.nio.charset.StandardCharsets.UTF_8)).traceId()).isNull();
    }

    @Test
    void digestIsTheSameWhetherTheEventTravelledAsJsonOrAvro() throws IOException {
        LoanCreated loan = sampleLoan();
        SpecificRecord viaJson = EventJson.read(EventJson.write(loan), 0, EventJson.write(loan).length);
        byte[] avro = EventAvro.write(loan);
        SpecificRecord viaAvro = EventAvro.read(EventAvro.reader(loan.getSchema(), loan.getSchema()), avro, 0, avro.length);

        assertThat(DeliveryReceipt.digest(viaJson)).isEqualTo(DeliveryReceipt.digest(viaAvro)).isEqualTo(DeliveryReceipt.digest(loan))
                .matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void digestChangesWhenOneNestedFieldChanges() throws IOException {
        LoanCreated loan = sampleLoan();
        ObjectNode json = EventJson.toTree(loan);
        ((ObjectNode) json.get("entities").get(0)).put("loanAmount", new BigDecimal("50000.01"));
        SpecificRecord changed = EventJson.read(json, null);

        assertThat(DeliveryReceipt.digest(changed)).isNotEqualTo(DeliveryReceipt.digest(loan));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json|receipt is not valid JSON",
        "[1]|receipt is not a JSON object",
        "{\"eventId\":\"e\"}|receipt field consumerGroup is missing or not a string",
        "{\"consumerGroup\":\"c\",\"eventId\":\"e\",\"eventType\":\"T\",\"topic\":\"t\",\"partition\":\"x\"}|receipt field partition is missing or not an integer",
        "{\"consumerGroup\":\"c\",\"eventId\":\"e\",\"eventType\":\"T\",\"topic\":\"t\",\"partition\":0,\"offset\":1,\"attempt\":1,\"handledAt\":\"yesterday\",\"eventDigest\":\"d\"}|receipt field handledAt is not an ISO-8601 instant: yesterday"})
    void malformedReceiptIsRejectedNamingTheProblem(String caseText) {
        String[] parts = caseText.split("\\|");

        assertThatThrownBy(() -> DeliveryReceipt.fromJson(parts[0].getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(parts[1]);
    }

    private static LoanCreated sampleLoan() throws IOException {
        try (InputStream in = DeliveryReceiptTest.class.getResourceAsStream("/samples/loan-created-event.json")) {
            byte[] json = in.readAllBytes();
            return (LoanCreated) EventJson.read(json, 0, json.length);
        }
    }
}
