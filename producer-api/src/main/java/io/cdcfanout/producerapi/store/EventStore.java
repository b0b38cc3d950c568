package io.cdcfanout.producerapi.store;

import io.cdcfanout.producerapi.ProducerConfig;
import io.cdcfanout.producerapi.api.ProducerMetrics;
import io.cdcfanout.producerapi.event.ValidatedEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes events, their entities and their outbox records in one transaction, over one JDBC
 * connection. The outbox record is written with two plain statements rather than the
 * debezium-quarkus-outbox extension: the extension's Hibernate session per event halved the
 * throughput of the API (benchmarks/results/producer-api.txt) for the same two rows.
 *
 * <p>The transaction is driven on the connection itself (not JTA) so that a failure of the COMMIT
 * is told apart from a failure before it: only the first leaves the outcome unknown.
 *
 * <p>Each event gets a span ({@value #SPAN_NAME}, a child of the request's), whose W3C context its outbox record
 * carries to Kafka ({@link OutboxTrace}): consumers continue that trace (docs/OPERATIONS.md "Traces").
 *
 * <p>Single events stored by concurrent requests share transactions ({@link GroupCommit}, {@code producer.group-commit.*}):
 * each still gets its own outcome, and its span says how many events its transaction stored
 * ({@value #ATTRIBUTE_GROUP_SIZE}).
 */
@ApplicationScoped
public class EventStore {

    private static final Logger LOG = Logger.getLogger(EventStore.class);

    /** The span of one event's store, whose context its outbox record carries. */
    static final String SPAN_NAME = "store event";
    static final String ATTRIBUTE_EVENT_ID = "cdcfanout.event.id";
    static final String ATTRIBUTE_EVENT_TYPE = "cdcfanout.event.type";
    static final String ATTRIBUTE_OUTCOME = "cdcfanout.event.outcome";
    static final String ATTRIBUTE_GROUP_SIZE = "cdcfanout.store.group.size";

    private final DataSource dataSource;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final GroupCommit groupCommit;

    public EventStore(DataSource dataSource, OpenTelemetry openTelemetry, ProducerConfig config, ProducerMetrics metrics) {
        this.dataSource = dataSource;
        this.tracer = openTelemetry.getTracer("io.cdcfanout.producer-api");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.groupCommit = new GroupCommit(config.groupCommit().transactions(), config.groupCommit().maxEvents(), (events, traces) -> {
            metrics.transaction(events.size());
            return storeAll(events, traces);
        });
    }

    /**
     * Stores one event, in a transaction it may share with events of concurrent requests (all or nothing for it alone:
     * another event's failure does not fail it).
     *
     * @throws EventConflictException when the id was stored with different content (rolled back)
     * @throws StoreException when the database fails before COMMIT (rolled back: nothing stored)
     * @throws CommitOutcomeUnknownException when the connection fails during COMMIT
     */
    public StoreOutcome store(ValidatedEvent event) {
        Span span = startSpan(event);
        try {
            GroupCommit.Pending stored = groupCommit.store(event, trace(span));
            span.setAttribute(ATTRIBUTE_GROUP_SIZE, stored.groupSize());
            StoreOutcome outcome = stored.outcome();
            span.setAttribute(ATTRIBUTE_OUTCOME, outcome.name().toLowerCase());
            return outcome;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Stores every event in one transaction: all or nothing. Throws as {@link #store}. */
    public List<StoreOutcome> storeAll(List<ValidatedEvent> events) {
        List<Span> spans = events.stream().map(this::startSpan).toList();
        try {
            List<StoreOutcome> outcomes = storeAll(events, spans.stream().map(this::trace).toList());
            for (int i = 0; i < spans.size(); i++) {
                spans.get(i).setAttribute(ATTRIBUTE_OUTCOME, outcomes.get(i).name().toLowerCase());
            }
            return outcomes;
        } catch (RuntimeException e) {
            for (Span span : spans) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            }
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** A producer span: its context leaves the process in the outbox record, as a message's would. */
    private Span startSpan(ValidatedEvent event) {
        return tracer.spanBuilder(SPAN_NAME).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(ATTRIBUTE_EVENT_ID, event.eventId().toString())
                .setAttribute(ATTRIBUTE_EVENT_TYPE, event.eventType())
                .startSpan();
    }

    private OutboxTrace trace(Span span) {
        return OutboxTrace.of(span, propagator);
    }

    private List<StoreOutcome> storeAll(List<ValidatedEvent> events, List<OutboxTrace> traces) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        try {
            List<StoreOutcome> outcomes;
            try {
                connection.setAutoCommit(false);
                outcomes = EventRows.writeAll(connection, events, traces);
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e instanceof SQLException sql ? new StoreException(sql) : (RuntimeException) e;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                // The server may have committed before the connection broke; a refusal (e.g. 40001) rolled back.
                if (StoreException.isConnectionFailure(e)) {
                    throw new CommitOutcomeUnknownException(events.stream().map(ValidatedEvent::eventId).toList(), e);
                }
                throw new StoreException(e);
            }
            return outcomes;
        } finally {
            close(connection);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // A broken connection rolls back on the server when it ends.
            cause.addSuppressed(e);
        }
    }

    /** Returning the connection must not turn a committed event into an error answer. */
    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warnf("closing a database connection failed: %s", e.getMessage());
        }
    }
}
