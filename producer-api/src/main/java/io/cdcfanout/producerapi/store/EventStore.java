package io.cdcfanout.producerapi.store;

import io.cdcfanout.producerapi.event.ValidatedEvent;
import io.debezium.outbox.quarkus.ExportedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes an event, its entities and its outbox record in one transaction. The JDBC statements and
 * the outbox extension's Hibernate session use the transaction's one connection.
 */
@ApplicationScoped
public class EventStore {

    private final DataSource dataSource;
    private final Event<ExportedEvent<?, ?>> outbox;

    public EventStore(DataSource dataSource, Event<ExportedEvent<?, ?>> outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * Stores one event in its own transaction (or joins the caller's, for atomic bulk requests).
     *
     * @throws EventConflictException when the id was stored with different content (rolls back)
     * @throws StoreException when a statement fails (rolls back)
     */
    @Transactional
    public StoreOutcome store(ValidatedEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            if (!EventRows.insertEvent(connection, event)) {
                if (EventRows.sameContent(connection, event)) {
                    return StoreOutcome.DUPLICATE;
                }
                throw new EventConflictException(event.eventId());
            }
            EventRows.upsertEntities(connection, event);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        outbox.fire(new OutboxEvent(event));
        return StoreOutcome.STORED;
    }

    /** Stores every event in one transaction: all or nothing. */
    public List<StoreOutcome> storeAll(List<ValidatedEvent> events) {
        return QuarkusTransaction.requiringNew().call(() -> events.stream().map(this::store).toList());
    }
}
