package io.cdcfanout.connect.transforms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks a record that its topic could not take, so capture goes on. Placed last in the chain (after
 * Debezium's outbox {@code EventRouter}), it serializes each record with the connector's own
 * converters and measures it as Kafka's producer does (key + value + headers, batch overhead). A
 * record over {@code record.max.bytes - margin.bytes} is replaced by a small record on
 * {@code park.topic}: same key, the original's small headers (event id, type, outbox id), the
 * headers {@value #REASON_HEADER}, {@value #RECORD_BYTES_HEADER}, {@value #LIMIT_BYTES_HEADER} and
 * {@value #TOPIC_HEADER}, and a JSON value saying the same. The event itself stays in PostgreSQL
 * ({@code business_event}), from where it can be re-driven once the cause is fixed (docs/OPERATIONS.md).
 *
 * <p>Without it, the producer refuses the record ({@code RecordTooLargeException}), the task fails,
 * and every later change waits behind that one WAL entry.
 */
public final class ParkOversizedRecords<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String RECORD_MAX_BYTES = "record.max.bytes";
    public static final String MARGIN_BYTES = "margin.bytes";
    public static final String PARK_TOPIC = "park.topic";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";

    public static final String REASON_HEADER = "park-reason";
    public static final String RECORD_BYTES_HEADER = "park-record-bytes";
    public static final String LIMIT_BYTES_HEADER = "park-limit-bytes";
    public static final String TOPIC_HEADER = "park-topic";
    /** Original headers up to this size are kept on the parked record (ids and types are far smaller). */
    static final int KEPT_HEADER_MAX_BYTES = 1024;
    /** A longer key is left off the parked record (the outbox's aggregateid is at most 255 characters). */
    static final int KEPT_KEY_MAX_BYTES = 1024;

    /** Room for the headers the routing job adds to a dead letter (2 × 4096 bytes and a few small ones), doubled. */
    static final int DEFAULT_MARGIN_BYTES = 16384;

    private static final Logger LOG = LoggerFactory.getLogger(ParkOversizedRecords.class);

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(RECORD_MAX_BYTES, ConfigDef.Type.INT, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1024), ConfigDef.Importance.HIGH,
                    "The limit of the records' topic, recordMaxBytes of infra/kafka/topics.json (and the connector's "
                            + "producer.override.max.request.size).")
            .define(MARGIN_BYTES, ConfigDef.Type.INT, DEFAULT_MARGIN_BYTES, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
                    "Records larger than record.max.bytes minus this are parked: room for the headers later stages add to the "
                            + "record (the routing job's dead letters add a reason and a rule name of up to 4096 bytes each).")
            .define(PARK_TOPIC, ConfigDef.Type.STRING, "raw-business-events-parked", new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
                    "Where parked records go.")
            .define(KEY_CONVERTER, ConfigDef.Type.STRING, StringConverter.class.getName(), ConfigDef.Importance.HIGH,
                    "The connector's key.converter (options under key.converter.*): records are measured as it writes them.")
            .define(VALUE_CONVERTER, ConfigDef.Type.STRING, StringConverter.class.getName(), ConfigDef.Importance.HIGH,
                    "The connector's value.converter (options under value.converter.*).")
            .define(HEADER_CONVERTER, ConfigDef.Type.STRING, StringConverter.class.getName(), ConfigDef.Importance.HIGH,
                    "The connector's header.converter (options under header.converter.*).");

    private int recordMaxBytes;
    private long threshold;
    private String parkTopic;
    private Converter keyConverter;
    private Converter valueConverter;
    private HeaderConverter headerConverter;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        recordMaxBytes = config.getInt(RECORD_MAX_BYTES);
        int margin = config.getInt(MARGIN_BYTES);
        if (margin >= recordMaxBytes) {
            throw new ConfigException(MARGIN_BYTES, margin, "must be less than " + RECORD_MAX_BYTES + " (" + recordMaxBytes + ")");
        }
        threshold = recordMaxBytes - margin;
        parkTopic = config.getString(PARK_TOPIC);
        keyConverter = instance(config, KEY_CONVERTER, Converter.class);
        keyConverter.configure(config.originalsWithPrefix(KEY_CONVERTER + "."), true);
        valueConverter = instance(config, VALUE_CONVERTER, Converter.class);
        valueConverter.configure(config.originalsWithPrefix(VALUE_CONVERTER + "."), false);
        headerConverter = instance(config, HEADER_CONVERTER, HeaderConverter.class);
        // As the worker configures a header converter: told its role, which key and value converters learn from isKey.
        Map<String, Object> headerConfig = new HashMap<>(config.originalsWithPrefix(HEADER_CONVERTER + "."));
        headerConfig.put(ConverterConfig.TYPE_CONFIG, ConverterType.HEADER.getName());
        headerConverter.configure(headerConfig);
    }

    @Override
    public R apply(R record) {
        if (record == null || parkTopic.equals(record.topic())) {
            return record;
        }
        byte[] key = keyConverter.fromConnectData(record.topic(), record.keySchema(), record.key());
        byte[] value = valueConverter.fromConnectData(record.topic(), record.valueSchema(), record.value());
        List<Header> originals = new ArrayList<>();
        List<RecordSize.Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            originals.add(header);
            headers.add(new RecordSize.Header(header.key(), headerConverter.fromConnectHeader(record.topic(), header.key(), header.schema(), header.value())));
        }
        long bytes = RecordSize.of(key, value, headers);
        if (bytes <= threshold) {
            return record;
        }
        String reason = "record of " + bytes + " bytes (key + value + headers) exceeds " + (threshold == recordMaxBytes ? "the limit of "
                : "the limit less a margin of " + (recordMaxBytes - threshold) + " bytes of ") + recordMaxBytes + " bytes of topic " + record.topic();
        ConnectHeaders parkedHeaders = new ConnectHeaders();
        StringBuilder summary = new StringBuilder("{");
        for (int i = 0; i < headers.size(); i++) {
            RecordSize.Header header = headers.get(i);
            if (header.value() != null && header.value().length <= KEPT_HEADER_MAX_BYTES) {
                Header original = originals.get(i);
                parkedHeaders.add(original.key(), original.value(), original.schema());
                summary.append(Json.string(header.key())).append(':').append(Json.string(new String(header.value(), StandardCharsets.UTF_8))).append(',');
            }
        }
        parkedHeaders.addString(REASON_HEADER, reason);
        parkedHeaders.addString(RECORD_BYTES_HEADER, Long.toString(bytes));
        parkedHeaders.addString(LIMIT_BYTES_HEADER, Integer.toString(recordMaxBytes));
        parkedHeaders.addString(TOPIC_HEADER, record.topic());
        summary.append("\"parkReason\":").append(Json.string(reason))
                .append(",\"recordBytes\":").append(bytes)
                .append(",\"limitBytes\":").append(recordMaxBytes)
                .append(",\"topic\":").append(Json.string(record.topic())).append('}');
        boolean keepKey = key == null || key.length <= KEPT_KEY_MAX_BYTES;
        LOG.warn("Parked a record of {} bytes on {} instead of {} (limit {} bytes); headers {}", bytes, parkTopic, record.topic(), recordMaxBytes, summary);
        return record.newRecord(parkTopic, null, keepKey ? record.keySchema() : null, keepKey ? record.key() : null,
                Schema.STRING_SCHEMA, summary.toString(), record.timestamp(), parkedHeaders);
    }

    private <T> T instance(AbstractConfig config, String name, Class<T> type) {
        String className = config.getString(name);
        try {
            // Our plugin's class loader: it finds Kafka's converters through the worker's.
            Class<?> found = Class.forName(className, true, ParkOversizedRecords.class.getClassLoader());
            if (!type.isAssignableFrom(found)) {
                throw new ConfigException(name, className, "is not a " + type.getSimpleName());
            }
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(name, className, "cannot be loaded or instantiated: " + e);
        }
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {
        for (Object converter : new Object[] {keyConverter, valueConverter, headerConverter}) {
            try {
                if (converter instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            } catch (Exception e) {
                LOG.debug("Closing a converter failed", e);
            }
        }
    }
}
