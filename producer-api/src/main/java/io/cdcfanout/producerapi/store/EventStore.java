package io.cdcfanout.producerapi.store;

import io.cdcfanout.producerapi.event.ValidatedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes an event, its entities and its outbox record in one transaction, over the transaction's
 * one JDBC connection. The outbox record is written with two plain statements rather than the
 * debezium-quarkus-outbox extension: the extension's Hibernate session per event halved the
 * throughput of the API (benchmarks/results/producer-api.txt) for the same two rows.
 */
@ApplicationScoped
public class EventStore {

    private final DataSource dataSource;

    public EventStore(DataSource dataSource) {
        this.dataSource = dataSource;
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
            EventRows.writeOutbox(connection, event);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return StoreOutcome.STORED;
    }

    /** Stores every event in one transaction: all or nothing. */
    public List<StoreOutcome> storeAll(List<ValidatedEvent> events) {
        return QuarkusTransaction.requiringNew().call(() -> events.stream().map(this::store).toList());
    }
}
