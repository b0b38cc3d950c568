package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.Events;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.ConsumerConfig;
import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.cdcfanout.sdk.consumer.DedupeStore;
import io.cdcfanout.sdk.consumer.EventContext;
import io.cdcfanout.sdk.consumer.RetryableException;
import io.cdcfanout.sdk.consumer.UnhandledEventTypeException;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The consuming loop: decodes each record of channel {@code cdc-events}, skips duplicates, calls the
 * application's {@link CdcEventHandler} with retries, and acks (→ offset committed in order) or nacks
 * (→ dead-letter topic, then committed). Records are handled one at a time on one dedicated thread, in
 * the order they arrive, so per-partition (per-key) order holds. A record interrupted by shutdown is
 * neither acked nor nacked: it is not committed and is consumed again after the restart.
 */
@ApplicationScoped
public class EventDispatcher {

    static final String CHANNEL = "cdc-events";
    static final String EVENT_ID_HEADER = "eventId";
    static final String EVENT_TYPE_HEADER = "eventType";
    static final String ROUTING_RULE_HEADER = "routingRuleId";

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");
    /** Marker outcome: stop without ack or nack (shutdown). */
    private static final Throwable ABANDONED = new Throwable("abandoned", null, false, false) {
    };

    private final Instance<CdcEventHandler> handlers;
    private final EventDecoder decoder;
    private final DedupeStore dedupe;
    private final ConsumerMetrics metrics;
    private final HandlerWatch watch;
    private final ConsumerConfig config;
    private final ReceiptSender receipts;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdcfanout-consumer-handler"));

    public EventDispatcher(Instance<CdcEventHandler> handlers, EventDecoder decoder, DedupeStore dedupe, ConsumerMetrics metrics,
            HandlerWatch watch, ConsumerConfig config, ReceiptSender receipts) {
        this.handlers = handlers;
        this.decoder = decoder;
        this.dedupe = dedupe;
        this.metrics = metrics;
        this.watch = watch;
        this.config = config;
        this.receipts = receipts;
    }

    /** Fails the start of an application that has no handler, or several, instead of dead-lettering every record. */
    public void checkHandler(@Observes StartupEvent event) {
        if (handlers.isUnsatisfied()) {
            throw new IllegalStateException("no CdcEventHandler bean: implement io.cdcfanout.sdk.consumer.CdcEventHandler in an @ApplicationScoped class");
        }
        if (handlers.isAmbiguous()) {
            throw new IllegalStateException("several CdcEventHandler beans: a consumer has exactly one handler");
        }
        LOG.infof("consuming topic=%s group=%s dead-letter-topic=%s handler=%s", config.topic(), config.groupId(),
                config.deadLetterTopic(), ClientProxy.unwrap(handlers.get()).getClass().getName());
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        CompletableFuture<Throwable> outcome;
        try {
            outcome = CompletableFuture.supplyAsync(() -> process(message), worker);
        } catch (RejectedExecutionException shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(outcome).chain(failure -> {
            if (failure == ABANDONED) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().completionStage(failure == null ? message.ack() : message.nack(failure));
        });
    }

    /** @return {@code null} to ack, {@link #ABANDONED}, or the failure to nack (dead-letter) with */
    private Throwable process(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("channel " + CHANNEL + " must use the smallrye-kafka connector"));
        String topic = meta.getTopic();
        String typeHeader = header(meta.getHeaders(), EVENT_TYPE_HEADER);
        MDC.put("topic", topic);
        MDC.put("partition", meta.getPartition());
        MDC.put("offset", meta.getOffset());
        try {
            metrics.consumed(topic, typeHeader);
            DecodedEvent decoded;
            try {
                decoded = decodeWaitingForRegistry(message.getPayload(), typeHeader);
            } catch (EventFormatException e) {
                return deadLetter(topic, typeHeader, DeadLetterReason.DECODE_FAILED, e.getMessage(), e);
            }
            String type = decoded.type().name();
            String headerId = header(meta.getHeaders(), EVENT_ID_HEADER);
            String eventId = headerId != null ? headerId : Events.header(decoded.event()).getUuid();
            MDC.put("eventId", eventId);
            if (config.dedupe().enabled() && dedupe.isProcessed(eventId)) {
                metrics.duplicateSkipped(topic, type);
                LOG.debugf("skipped duplicate eventId=%s type=%s", eventId, type);
                return null;
            }
            Instant createdAt = Events.header(decoded.event()).getCreatedDate();
            EventContext context = new EventContext(topic, meta.getPartition(), meta.getOffset(), String.valueOf(meta.getKey()),
                    eventId, decoded.type(), decoded.format(), 1, header(meta.getHeaders(), ROUTING_RULE_HEADER), createdAt);
            Throwable failure = handleWithRetries(decoded, context);
            if (failure != null) {
                return failure;
            }
            if (config.dedupe().enabled()) {
                dedupe.markProcessed(eventId);
            }
            metrics.succeeded(topic, type, Duration.between(createdAt, Instant.now()));
            return null;
        } catch (InterruptedException e) {
            LOG.infof("shutting down: record at offset %d left uncommitted, it will be consumed again", meta.getOffset());
            return ABANDONED;
        } finally {
            MDC.clear();
        }
    }

    /** A registry outage is not the record's fault: wait (readiness is DOWN meanwhile) instead of dead-lettering. */
    private DecodedEvent decodeWaitingForRegistry(byte[] value, String typeHeader) throws InterruptedException {
        Duration pause = config.retry().initialBackoff();
        while (true) {
            try {
                return decoder.decode(value, typeHeader);
            } catch (RegistryUnavailableException e) {
                LOG.warnf("waiting %d ms for the schema registry: %s", pause.toMillis(), e.getMessage());
                Thread.sleep(pause.toMillis());
                pause = nextBackoff(pause);
            }
        }
    }

    private Throwable handleWithRetries(DecodedEvent decoded, EventContext first) throws InterruptedException {
        String topic = first.topic();
        String type = decoded.type().name();
        Duration backoff = config.retry().initialBackoff();
        EventContext context = first;
        while (true) {
            long start = System.nanoTime();
            watch.started();
            try {
                dispatch(handlers.get(), decoded, context);
                receipts.handled(context, decoded.event());
                return null;
            } catch (RetryableException e) {
                if (context.attempt() >= config.retry().maxAttempts()) {
                    return deadLetter(topic, type, DeadLetterReason.RETRIES_EXHAUSTED,
                            context.attempt() + " attempts failed, last: " + e.getMessage(), e);
                }
                metrics.retried(topic, type);
                LOG.warnf("retrying in %d ms, attempt %d of %d failed: %s", backoff.toMillis(), context.attempt(),
                        config.retry().maxAttempts(), e.getMessage());
            } catch (UnhandledEventTypeException e) {
                return deadLetter(topic, type, DeadLetterReason.UNHANDLED_EVENT_TYPE, e.getMessage(), e);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                return deadLetter(topic, type, DeadLetterReason.HANDLER_FAILED, e.toString(), e);
            } finally {
                watch.finished();
                metrics.handlerTime(topic, type, System.nanoTime() - start);
            }
            Thread.sleep(backoff.toMillis());
            backoff = nextBackoff(backoff);
            context = context.withAttempt(context.attempt() + 1);
        }
    }

    /** Calls the handler method of the event's type. */
    public static void dispatch(CdcEventHandler handler, DecodedEvent decoded, EventContext context) throws Exception {
        switch (decoded.type()) {
            case CarCreated -> handler.onCarCreated((CarCreated) decoded.event(), context);
            case LoanCreated -> handler.onLoanCreated((LoanCreated) decoded.event(), context);
            case LoanPaymentSubmitted -> handler.onLoanPaymentSubmitted((LoanPaymentSubmitted) decoded.event(), context);
            case CarServiceDone -> handler.onCarServiceDone((CarServiceDone) decoded.event(), context);
        }
    }

    private Duration nextBackoff(Duration current) {
        long next = (long) (current.toMillis() * config.retry().multiplier());
        return Duration.ofMillis(Math.min(Math.max(next, 1), config.retry().maxBackoff().toMillis()));
    }

    private DeadLetterException deadLetter(String topic, String type, DeadLetterReason reason, String detail, Throwable cause) {
        metrics.deadLettered(topic, type, reason);
        LOG.errorf("dead-lettered to %s reason=%s: %s", config.deadLetterTopic(), reason.code(), detail);
        return new DeadLetterException(reason, detail, cause);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @PreDestroy
    public void stop() {
        worker.shutdownNow();
    }
}
