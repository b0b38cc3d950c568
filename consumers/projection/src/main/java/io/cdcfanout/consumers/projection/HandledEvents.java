package io.cdcfanout.consumers.projection;

import io.agroal.api.AgroalDataSource;
import io.cdcfanout.sdk.consumer.EventContext;
import io.cdcfanout.sdk.consumer.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies a consumer's view change at most once per event id. The change and the insert of the event id into
 * {@code handled_event} (unique) run in ONE transaction: either both are stored or neither, so an event
 * re-delivered after a crash, a rebalance or an offset reset finds its id and changes nothing, and a sum counts
 * each event once. The view and the ids live in the consumer's own schema (Flyway: V1 here, the view from V2 on).
 *
 * <p>While no connection can be had (PostgreSQL down or restarting, the pool exhausted, the login refused), the
 * connection is lost, or the transaction loses a serialization conflict or a deadlock, the call waits and tries
 * again (backoff up to {@value #LONGEST_PAUSE_SECONDS} s) rather than failing: the event is not at fault, and a
 * failure would send it to the dead-letter topic. Shutdown interrupts the wait, which leaves the
 * record uncommitted for the next run. Other SQL errors (the event cannot be stored) are thrown to the SDK, which
 * dead-letters the event with reason {@code handler-failed}.
 */
@ApplicationScoped
public class HandledEvents {

    /** Counter of events whose id was found in {@code handled_event}: re-deliveries the view ignored. */
    public static final String ALREADY_APPLIED = "cdcfanout.consumer.view.events.already.applied";

    private static final Logger LOG = Logger.getLogger(HandledEvents.class);
    private static final String RECORD = """
            INSERT INTO handled_event (event_id, event_type, topic, kafka_partition, kafka_offset)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING""";
    /** serialization_failure, deadlock_detected, lock_not_available, admin/crash shutdown, cannot_connect_now, too_many_connections. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300");
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final long LONGEST_PAUSE_SECONDS = 5;

    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;

    HandledEvents(AgroalDataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.meters = meters;
    }

    /**
     * Applies {@code change} unless the event of {@code context} was applied before.
     *
     * @return {@code true} if the change was applied now, {@code false} if the event was applied before
     * @throws IllegalArgumentException if the event id is not a UUID
     * @throws SQLException if PostgreSQL refuses the change for another reason than unavailability
     * @throws InterruptedException if the consumer shuts down while waiting for PostgreSQL
     */
    public boolean once(EventContext context, ViewChange change) throws SQLException, InterruptedException {
        UUID eventId = parse(context.eventId());
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                boolean applied = applyOnce(eventId, context, change);
                if (!applied) {
                    meters.counter(ALREADY_APPLIED, MetricNames.TAG_TOPIC, context.topic(), MetricNames.TAG_EVENT_TYPE,
                            context.eventType().name()).increment();
                    LOG.debugf("event %s applied before, view unchanged", eventId);
                }
                return applied;
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                LOG.warnf("view change of event %s waits %d ms, PostgreSQL: %s (SQL state %s)", eventId, pause.toMillis(),
                        e.getMessage(), e.getSQLState());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(LONGEST_PAUSE_SECONDS)) > 0
                        ? Duration.ofSeconds(LONGEST_PAUSE_SECONDS)
                        : pause.multipliedBy(2);
            }
        }
    }

    private boolean applyOnce(UUID eventId, EventContext context, ViewChange change) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                boolean first;
                try (PreparedStatement record = connection.prepareStatement(RECORD)) {
                    record.setObject(1, eventId);
                    record.setString(2, context.eventType().name());
                    record.setString(3, context.topic());
                    record.setInt(4, context.partition());
                    record.setLong(5, context.offset());
                    first = record.executeUpdate() == 1;
                }
                if (first) {
                    change.apply(connection);
                }
                // Also when nothing changed: ends the transaction that saw the id.
                connection.commit();
                return first;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    private Connection connect() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            // No connection (refused, pool timeout, database closed to connections, login refused) is never the
            // event's fault: "cannot connect", so the event waits.
            throw new SQLException("no connection to PostgreSQL: " + e.getMessage(), "08001", e);
        }
    }

    static UUID parse(String eventId) {
        try {
            return UUID.fromString(eventId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("event id " + eventId + " is not a UUID; the view records events by their UUID", e);
        }
    }

    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        // Class 08: connection exceptions (refused, lost, also during COMMIT: the retry then finds the id or applies it).
        return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
