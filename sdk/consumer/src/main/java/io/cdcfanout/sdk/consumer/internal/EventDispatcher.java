package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.events.codec.EventFormatException;
import io.cdcfanout.events.codec.Events;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.ConsumerConfig;
import io.cdcfanout.sdk.consumer.DeadLetterReason;
import io.cdcfanout.sdk.consumer.DedupeStore;
import io.cdcfanout.sdk.consumer.EventContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.providers.locals.ContextAwareMessage;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
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
 * (→ dead-letter topic, then committed). Records are handled on {@code cdcfanout.consumer.concurrency} dedicated
 * threads ({@link KeyOrderedLanes}): the records of one key on one thread, in the order they arrive, so per-key order
 * holds; at concurrency 1 (the default), one record at a time in partition order. SmallRye delivers the next record as
 * soon as one is queued; the throttled commit strategy commits each partition only up to its lowest record not yet
 * acked or nacked, however records of different keys overtake each other.
 *
 * <p>Each record goes through named steps, one class each: {@link DecodeStep}, {@link DedupeStep},
 * {@link HandleWithRetries} (then {@link AfterSuccess}), {@link DeadLetterOrAbandon} for failures, and
 * {@link SettleStep}. This bean wires them and owns the channel, the lanes and the shutdown. The handler and the
 * receipt run in a span continuing the record's trace ({@link HandlerTracing}).
 *
 * <p>Once the handler returned, the record is acked whatever happens next: its receipt, the dedupe store and
 * the metrics are best effort and can never turn a success into a dead letter. Shutdown runs in two steps around
 * the Kafka connector's own (which waits for received records, commits and closes the consumer and the
 * dead-letter producer): first, as the shutdown begins, nothing is dead-lettered or retried any more, a failing
 * record is abandoned instead; after the connector closed, the records not started are dropped and the handler threads are
 * interrupted and awaited. An abandoned or dropped record is neither acked nor nacked: it is not committed and is consumed
 * again after the restart.
 */
@ApplicationScoped
public class EventDispatcher {

    static final String CHANNEL = "cdc-events";

    private static final Logger LOG = Logger.getLogger("io.cdcfanout.sdk.consumer");
    /**
     * Before any application observer of the shutdown (which may close what the handler uses and so make it fail), and
     * long before SmallRye's KafkaConnector closes the channel (an observer of the ApplicationScoped context's end).
     */
    private static final int FIRST_ON_SHUTDOWN = Interceptor.Priority.PLATFORM_BEFORE;
    /** After the KafkaConnector closed the channel, before any bean (handler, receipts, dedupe store) is destroyed. */
    private static final int AFTER_CONNECTOR_CLOSED = 100;
    /** How long shutdown waits for the handlers that do not react to the interrupt. */
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Instance<CdcEventHandler> handlers;
    private final ConsumerMetrics metrics;
    private final ConsumerConfig config;
    private final KeyOrderedLanes lanes;
    private final DeadLetterOrAbandon failures;
    private final DecodeStep decode;
    private final DedupeStep dedupe;
    private final HandleWithRetries handle;
    private final SettleStep settle;
    private final HandlerTracing tracing;
    /** The channel is closed: records still arriving are not started. */
    private volatile boolean closed;

    public EventDispatcher(Instance<CdcEventHandler> handlers, EventDecoder decoder, DedupeStore dedupeStore, ConsumerMetrics metrics,
            HandlerWatch watch, ConsumerConfig config, ReceiptSender receipts, OpenTelemetry openTelemetry) {
        this.handlers = handlers;
        this.metrics = metrics;
        this.config = config;
        this.lanes = new KeyOrderedLanes(config.concurrency(), "cdcfanout-consumer-handler");
        Backoff backoff = new Backoff(config.retry());
        this.failures = new DeadLetterOrAbandon(metrics, config.deadLetterTopic());
        this.decode = new DecodeStep(decoder, backoff);
        this.dedupe = new DedupeStep(dedupeStore, config.dedupe().enabled(), metrics, backoff);
        this.handle = new HandleWithRetries(handlers, config.retry().maxAttempts(), backoff, watch, metrics, failures,
                new AfterSuccess(receipts, this.dedupe, metrics));
        this.settle = new SettleStep();
        this.tracing = new HandlerTracing(openTelemetry);
    }

    /** Fails the start of an application that has no handler, or several, instead of dead-lettering every record. */
    public void checkHandler(@Observes StartupEvent event) {
        if (handlers.isUnsatisfied()) {
            throw new IllegalStateException("no CdcEventHandler bean: implement io.cdcfanout.sdk.consumer.CdcEventHandler in an @ApplicationScoped class");
        }
        if (handlers.isAmbiguous()) {
            throw new IllegalStateException("several CdcEventHandler beans: a consumer has exactly one handler");
        }
        LOG.infof("consuming topic=%s group=%s dead-letter-topic=%s handler=%s concurrency=%d (at most %d records in flight)",
                config.topic(), config.groupId(), config.deadLetterTopic(), ClientProxy.unwrap(handlers.get()).getClass().getName(),
                config.concurrency(), lanes.inFlightLimit());
    }

    /**
     * Called on the Vert.x event loop, one record after the other (SmallRye waits for the returned {@link Uni}): queues
     * the record on its key's lane and completes once it is queued, i.e. at once unless the records in flight reached
     * the limit. The lane acks or nacks the record when it is done.
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        if (settle.failure() != null) {
            return Uni.createFrom().failure(settle.failure());
        }
        if (closed) {
            return Uni.createFrom().voidItem();
        }
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("channel " + CHANNEL + " must use the smallrye-kafka connector"));
        Uni<Void> queued;
        try {
            queued = Uni.createFrom().completionStage(lanes.submit(laneKey(meta), () -> processAndSettle(message, meta)));
        } catch (RejectedExecutionException shuttingDown) {
            return Uni.createFrom().voidItem();
        }
        // Complete on the record's Vert.x context, not on the admission thread: SmallRye requests the next record from
        // where this completes, and the throttled strategy's bookkeeping belongs to that context (as when the ack,
        // which SmallRye completes there, completed this Uni).
        return message instanceof ContextAwareMessage<?> aware ? queued.emitOn(aware::runOnMessageContext) : queued;
    }

    /** Records without a key keep the order of their partition. */
    private static int laneKey(IncomingKafkaRecordMetadata<?, ?> meta) {
        Object key = meta.getKey();
        return key != null ? key.hashCode() : Objects.hash(meta.getTopic(), meta.getPartition());
    }

    /**
     * On the record's lane: handles it, then acks or nacks it and waits until that is done, so that the next record of the
     * key starts only once this one is settled (e.g. its dead letter written).
     */
    private void processAndSettle(Message<byte[]> message, IncomingKafkaRecordMetadata<?, ?> meta) {
        if (settle.failure() != null) {
            return;
        }
        settle.settle(message, meta, process(message, meta));
    }

    /** The record's steps up to its settling; their log lines carry the record's position (and event id) in the MDC. */
    private Outcome process(Message<byte[]> message, IncomingKafkaRecordMetadata<?, ?> meta) {
        String topic = meta.getTopic();
        String typeHeader = header(meta.getHeaders(), RecordHeaders.EVENT_TYPE);
        MDC.put("topic", topic);
        MDC.put("partition", meta.getPartition());
        MDC.put("offset", meta.getOffset());
        try {
            metrics.consumed(topic, typeHeader);
            DecodedEvent decoded;
            try {
                decoded = decode.decode(message.getPayload(), typeHeader);
            } catch (EventFormatException e) {
                return failures.deadLetter(topic, typeHeader, new DeadLetterException(DeadLetterReason.DECODE_FAILED, e.getMessage(), e));
            }
            String type = decoded.type().name();
            String headerId = header(meta.getHeaders(), RecordHeaders.EVENT_ID);
            String eventId = headerId != null ? headerId : Events.header(decoded.event()).getUuid();
            MDC.put("eventId", eventId);
            if (dedupe.isDuplicate(topic, type, eventId)) {
                return Outcome.ACK;
            }
            Instant createdAt = Events.header(decoded.event()).getCreatedDate();
            EventContext context = new EventContext(topic, meta.getPartition(), meta.getOffset(), String.valueOf(meta.getKey()),
                    eventId, decoded.type(), decoded.format(), 1, header(meta.getHeaders(), RecordHeaders.ROUTING_RULE_ID), createdAt);
            // Made current on this lane thread, so the handler's own spans and the receipt join the trace.
            Span span = tracing.start(tracing.parent(meta.getHeaders()), context);
            Outcome outcome = Outcome.ABANDONED;
            try (Scope ignored = span.makeCurrent()) {
                outcome = handle.handle(decoded, context);
                return outcome;
            } finally {
                HandlerTracing.end(span, outcome);
            }
        } catch (InterruptedException e) {
            return failures.abandon();
        } finally {
            MDC.clear();
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

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Shutdown begins: from now on a failing record is abandoned (re-delivered after the restart), not dead-lettered. */
    void stopDeadLettering(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(FIRST_ON_SHUTDOWN) ShutdownEvent event) {
        failures.shutdownBegins();
    }

    /**
     * The connector committed what was handled and closed: drop the records not started, interrupt the handlers still
     * running, if any, and wait for them, so that they never run on destroyed beans.
     */
    void stopWorker(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(AFTER_CONNECTOR_CLOSED)
            @BeforeDestroyed(ApplicationScoped.class) Object event) throws InterruptedException {
        failures.shutdownBegins();
        closed = true;
        lanes.shutdownNow();
        if (!lanes.awaitTermination(WORKER_STOP_TIMEOUT)) {
            LOG.warnf("the handler did not stop within %d s of the interrupt", WORKER_STOP_TIMEOUT.toSeconds());
        }
    }
}
