package io.cdcfanout.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transform on records as Debezium's outbox EventRouter hands them over (string key, string
 * value, string headers), measured with Connect's own converters and Kafka's own size estimate.
 */
class ParkOversizedRecordsTest {

    private static final int LIMIT = 1048576;
    private static final String TOPIC = "raw-business-events";
    private static final String PARKED = "raw-business-events-parked";

    private final ParkOversizedRecords<SourceRecord> transform = new ParkOversizedRecords<>();

    @AfterEach
    void close() {
        transform.close();
    }

    @Test
    void aRecordWithinTheLimitPassesUnchanged() {
        transform.configure(Map.of("record.max.bytes", LIMIT));
        SourceRecord record = outboxRecord("car-1", "{\"eventHeader\":{}}");
        assertThat(transform.apply(record)).isSameAs(record);
    }

    @Test
    void theMeasuredSizeIsKafkasOwnEstimateOfTheSerializedRecord() {
        SourceRecord record = outboxRecord("car-ü", "{\"name\":\"" + "é".repeat(1000) + "\"}");
        int kafka = kafkaEstimate(record);
        // Exactly at the threshold passes; one byte under it parks.
        transform.configure(Map.of("record.max.bytes", kafka, "margin.bytes", 0));
        assertThat(transform.apply(record)).isSameAs(record);
        transform.configure(Map.of("record.max.bytes", kafka - 1, "margin.bytes", 0));
        SourceRecord parked = transform.apply(record);
        assertThat(parked.topic()).isEqualTo(PARKED);
        assertThat(header(parked, "park-record-bytes")).isEqualTo(Integer.toString(kafka));
    }

    @Test
    void theMarginParksARecordJustBelowTheLimit() {
        SourceRecord record = outboxRecord("car-1", "x".repeat(5000));
        int kafka = kafkaEstimate(record);
        transform.configure(Map.of("record.max.bytes", kafka + 100, "margin.bytes", 101));
        assertThat(transform.apply(record).topic()).isEqualTo(PARKED);
        transform.configure(Map.of("record.max.bytes", kafka + 100, "margin.bytes", 100));
        assertThat(transform.apply(record).topic()).isEqualTo(TOPIC);
    }

    @Test
    void anOversizedRecordIsReplacedByASmallParkedRecordNamingTheEventAndWhy() throws Exception {
        transform.configure(Map.of("record.max.bytes", LIMIT));
        String eventId = UUID.randomUUID().toString();
        String outboxId = UUID.randomUUID().toString();
        SourceRecord record = outboxRecord("car-1", "{\"pad\":\"" + "1".repeat(LIMIT) + "\"}", eventId, outboxId);

        SourceRecord parked = transform.apply(record);

        assertThat(parked.topic()).isEqualTo(PARKED);
        assertThat(parked.kafkaPartition()).isNull();
        assertThat(parked.key()).isEqualTo("car-1");
        assertThat(parked.sourceOffset()).isEqualTo(record.sourceOffset());
        assertThat(header(parked, "eventId")).isEqualTo(eventId);
        assertThat(header(parked, "id")).isEqualTo(outboxId);
        assertThat(header(parked, "eventType")).isEqualTo("CarCreated");
        long bytes = kafkaEstimate(record);
        assertThat(header(parked, "park-record-bytes")).isEqualTo(Long.toString(bytes));
        assertThat(header(parked, "park-limit-bytes")).isEqualTo(Integer.toString(LIMIT));
        assertThat(header(parked, "park-topic")).isEqualTo(TOPIC);
        assertThat(header(parked, "park-reason"))
                .isEqualTo("record of " + bytes + " bytes (key + value + headers) exceeds the limit less a margin of 16384 bytes of 1048576 bytes of topic " + TOPIC);
        JsonNode value = new ObjectMapper().readTree((String) parked.value());
        assertThat(value.path("eventId").asText()).isEqualTo(eventId);
        assertThat(value.path("id").asText()).isEqualTo(outboxId);
        assertThat(value.path("recordBytes").asLong()).isEqualTo(bytes);
        assertThat(value.path("limitBytes").asInt()).isEqualTo(LIMIT);
        assertThat(kafkaEstimate(parked)).isLessThan(2048);
    }

    @Test
    void oversizedHeadersAndKeysAreLeftOffTheParkedRecord() {
        transform.configure(Map.of("record.max.bytes", LIMIT));
        SourceRecord record = outboxRecord("k".repeat(2000), "small");
        record.headers().addString("trace", "t".repeat(LIMIT));
        SourceRecord parked = transform.apply(record);
        assertThat(parked.topic()).isEqualTo(PARKED);
        assertThat(parked.key()).isNull();
        assertThat(parked.headers().lastWithName("trace")).isNull();
        assertThat(header(parked, "eventId")).isNotNull();
        assertThat(kafkaEstimate(parked)).isLessThan(2048);
    }

    @Test
    void recordsAreMeasuredAsTheConfiguredConvertersWriteThem() {
        SourceRecord record = outboxRecord("car-1", "quote\"".repeat(300));
        int asString = kafkaEstimate(record);
        // JsonConverter without schemas writes the string as a JSON string: quotes and escapes add bytes.
        Map<String, Object> json = new HashMap<>(Map.of("record.max.bytes", asString, "margin.bytes", 0,
                "value.converter", JsonConverter.class.getName(), "value.converter.schemas.enable", "false"));
        transform.configure(json);
        assertThat(transform.apply(record).topic()).isEqualTo(PARKED);
        transform.configure(Map.of("record.max.bytes", asString, "margin.bytes", 0));
        assertThat(transform.apply(record).topic()).isEqualTo(TOPIC);
    }

    @Test
    void recordsAlreadyOnTheParkedTopicAndTombstonesPass() {
        transform.configure(Map.of("record.max.bytes", 1024, "margin.bytes", 0));
        SourceRecord onParked = new SourceRecord(Map.of(), Map.of(), PARKED, null, Schema.STRING_SCHEMA, "k", Schema.STRING_SCHEMA, "x".repeat(5000));
        assertThat(transform.apply(onParked)).isSameAs(onParked);
        SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), TOPIC, null, Schema.STRING_SCHEMA, "k", null, null);
        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> transform.configure(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("record.max.bytes");
        assertThatThrownBy(() -> transform.configure(Map.of("record.max.bytes", 100, "margin.bytes", 0))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("record.max.bytes").hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> transform.configure(Map.of("record.max.bytes", 2048, "margin.bytes", 2048))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("margin.bytes").hasMessageContaining("must be less than record.max.bytes (2048)");
        assertThatThrownBy(() -> transform.configure(Map.of("record.max.bytes", 2048, "margin.bytes", 0, "value.converter", "no.such.Converter")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("value.converter").hasMessageContaining("cannot be loaded");
        assertThatThrownBy(() -> transform.configure(Map.of("record.max.bytes", 2048, "margin.bytes", 0, "header.converter", JsonConverter.class.getName() + "X")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("header.converter");
    }

    private static SourceRecord outboxRecord(String key, String value) {
        return outboxRecord(key, value, UUID.randomUUID().toString(), UUID.randomUUID().toString());
    }

    /** As the outbox EventRouter emits it: key aggregateid, value the payload, headers id, eventId, eventType. */
    private static SourceRecord outboxRecord(String key, String value, String eventId, String outboxId) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("id", outboxId);
        headers.addString("eventId", eventId);
        headers.addString("eventType", "CarCreated");
        return new SourceRecord(Map.of("server", "cdc-fanout"), Map.of("lsn", 42L), TOPIC, null,
                Schema.STRING_SCHEMA, key, Schema.STRING_SCHEMA, value, 1700000000000L, headers);
    }

    /** Kafka's producer's own estimate (what it compares with max.request.size), with StringConverter's bytes. */
    private static int kafkaEstimate(SourceRecord record) {
        StringConverter converter = new StringConverter();
        converter.configure(Map.of(), false);
        List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new RecordHeader(header.key(), converter.fromConnectHeader(record.topic(), header.key(), header.schema(), header.value())));
        }
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                converter.fromConnectData(record.topic(), record.keySchema(), record.key()),
                converter.fromConnectData(record.topic(), record.valueSchema(), record.value()),
                headers.toArray(new org.apache.kafka.common.header.Header[0]));
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : String.valueOf(header.value());
    }
}
