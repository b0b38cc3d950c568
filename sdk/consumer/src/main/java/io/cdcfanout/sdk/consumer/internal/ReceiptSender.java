package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.receipt.DeliveryReceipt;
import io.cdcfanout.sdk.consumer.ConsumerConfig;
import io.cdcfanout.sdk.consumer.EventContext;
import io.cdcfanout.sdk.consumer.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends a {@link DeliveryReceipt} per handled event when {@code cdcfanout.consumer.receipts.topic} is set. A plain
 * producer on the application's {@code kafka.*} settings (security included) rather than a messaging channel: a
 * channel cannot be switched off by configuration alone. Best effort by contract: whatever goes wrong (the producer
 * throws, times out, is closed, or the broker refuses the record) is logged and counted, never thrown at the caller,
 * because the event it reports on was handled already.
 */
@ApplicationScoped
public class ReceiptSender {

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer.receipts");

    private final String consumerGroup;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final MeterRegistry meters;

    public ReceiptSender(ConsumerConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry meters) {
        this.consumerGroup = config.groupId();
        this.topic = config.receipts().topic().orElse(null);
        this.meters = meters;
        this.producer = topic == null ? null
                : new KafkaProducer<>(producerSettings(kafka, config.recordMaxBytes()), new StringSerializer(), new ByteArraySerializer());
        if (topic != null) {
            LOG.infof("sending a delivery receipt per handled event to topic %s", topic);
        }
    }

    private static Map<String, Object> producerSettings(Map<String, Object> kafka, int maxRequestSize) {
        Map<String, Object> settings = new HashMap<>();
        // Only the producer's own keys: the shared map also holds consumer settings the producer would warn about.
        kafka.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "cdcfanout-receipts-" + ProcessHandle.current().pid());
        return settings;
    }

    /**
     * Records that the handler processed {@code event} successfully; no-op without a receipts topic; never throws. Called
     * in the handler's span: the receipt carries its trace id.
     */
    public void handled(EventContext context, SpecificRecord event) {
        if (producer == null) {
            return;
        }
        try {
            DeliveryReceipt receipt = new DeliveryReceipt(consumerGroup, context.eventId(), context.eventType().name(), context.topic(),
                    context.partition(), context.offset(), context.routingRuleId(), context.attempt(), Instant.now(),
                    DeliveryReceipt.digest(event), HandlerTracing.currentTraceId());
            producer.send(new ProducerRecord<>(topic, receipt.eventId(), receipt.toJson()), (metadata, failure) -> {
                if (failure != null) {
                    failed(context, failure);
                }
            });
        } catch (RuntimeException e) {
            // Closed producer, metadata or buffer timeout, interrupt during shutdown (Kafka keeps the interrupt flag set).
            failed(context, e);
        }
    }

    private void failed(EventContext context, Throwable failure) {
        meters.counter(MetricNames.RECEIPTS_FAILED, MetricNames.TAG_TOPIC, context.topic(),
                MetricNames.TAG_EVENT_TYPE, context.eventType().name()).increment();
        LOG.warnf("delivery receipt of eventId=%s not sent to %s: %s", context.eventId(), topic, failure.toString());
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
