package io.cdcfanout.producerapi.store;

import io.cdcfanout.producerapi.event.EntityType;
import io.cdcfanout.producerapi.event.ValidatedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQL of an event's transaction. Public so the benchmark's baseline runs exactly these
 * statements over plain JDBC.
 */
public final class EventRows {

    private static final String INSERT_EVENT = """
            INSERT INTO business_event (event_id, event_type, event_name, primary_entity_id, created_date, saved_date, event)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (event_id) DO NOTHING""";

    /** jsonb equality is semantic (key order, number formatting), so a re-sent event compares equal. */
    private static final String SAME_CONTENT = "SELECT event = ?::jsonb FROM business_event WHERE event_id = ?";

    /** Later entity states win; an older event arriving late does not overwrite a newer state. */
    private static final String UPSERT_ENTITY = """
            INSERT INTO %s AS t (id, entity_type, created_at, updated_at, updated_attributes, last_event_id)
            VALUES (?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at,
                updated_attributes = excluded.updated_attributes, last_event_id = excluded.last_event_id
            WHERE t.updated_at <= excluded.updated_at""";

    /** {@link #UPSERT_ENTITY} per table, formatted once: formatting it per statement was 0.6 % of a worker's CPU. */
    private static final Map<EntityType, String> UPSERT_ENTITY_BY_TYPE = Arrays.stream(EntityType.values()).collect(
            Collectors.toUnmodifiableMap(Function.identity(), type -> UPSERT_ENTITY.formatted(type.table())));

    /**
     * The outbox record, inserted and deleted in the event's transaction: Debezium reads the insert
     * from the WAL (infra/connect/outbox-connector.json), the table stays empty. Columns are those of
     * Debezium's outbox event router, plus {@code eventid} for the {@code eventId} header and {@code traceparent}
     * for the {@code traceparent} header (the event's trace context, {@link OutboxTrace}).
     */
    private static final String OUTBOX_INSERT = """
            INSERT INTO outboxevent (id, aggregatetype, aggregateid, type, timestamp, payload, eventid, tracingspancontext, traceparent)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""";
    private static final String OUTBOX_DELETE = "DELETE FROM outboxevent WHERE id = ?";

    /** Upserts in one global order, so two transactions touching the same entities cannot deadlock. */
    private static final Comparator<ValidatedEvent.Entity> LOCK_ORDER =
            Comparator.comparing((ValidatedEvent.Entity entity) -> entity.type().table()).thenComparing(ValidatedEvent.Entity::id);

    private EventRows() {
    }

    /** Inserts the event row; false when a row with its id exists already (then nothing was written). */
    public static boolean insertEvent(Connection connection, ValidatedEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            bindEvent(insert, event);
            return insert.executeUpdate() == 1;
        }
    }

    private static void bindEvent(PreparedStatement insert, ValidatedEvent event) throws SQLException {
        insert.setObject(1, event.eventId());
        insert.setString(2, event.eventType());
        insert.setString(3, event.eventName());
        insert.setString(4, event.primaryEntity().id());
        insert.setObject(5, event.createdDate(), Types.TIMESTAMP_WITH_TIMEZONE);
        insert.setObject(6, event.savedDate(), Types.TIMESTAMP_WITH_TIMEZONE);
        insert.setString(7, event.jsonText());
    }

    /** Whether the stored event with this id has the same content. */
    public static boolean sameContent(Connection connection, ValidatedEvent event) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SAME_CONTENT)) {
            select.setString(1, event.jsonText());
            select.setObject(2, event.eventId());
            try (ResultSet result = select.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Writes the outbox record of the event, without a trace context. */
    public static void writeOutbox(Connection connection, ValidatedEvent event) throws SQLException {
        UUID outboxId = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(OUTBOX_INSERT)) {
            bindOutbox(insert, outboxId, event, OutboxTrace.NONE);
            insert.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement(OUTBOX_DELETE)) {
            delete.setObject(1, outboxId);
            delete.executeUpdate();
        }
    }

    /** The outbox record of the event: the message Debezium publishes on raw-business-events. */
    private static void bindOutbox(PreparedStatement insert, UUID outboxId, ValidatedEvent event, OutboxTrace trace)
            throws SQLException {
        insert.setObject(1, outboxId);
        insert.setString(2, event.primaryEntity().type().jsonName());
        insert.setString(3, event.primaryEntity().id());
        insert.setString(4, event.eventType());
        insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        insert.setString(6, event.jsonText());
        insert.setObject(7, event.eventId());
        insert.setString(8, trace.spanContext());
        insert.setString(9, trace.traceparent());
    }

    /** Upserts every entity of the event into its table. */
    public static void upsertEntities(Connection connection, ValidatedEvent event) throws SQLException {
        for (ValidatedEvent.Entity entity : event.entities().stream().sorted(LOCK_ORDER).toList()) {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_ENTITY_BY_TYPE.get(entity.type()))) {
                bindEntity(upsert, entity, event.eventId());
                upsert.executeUpdate();
            }
        }
    }

    private static void bindEntity(PreparedStatement upsert, ValidatedEvent.Entity entity, UUID eventId) throws SQLException {
        upsert.setString(1, entity.id());
        upsert.setString(2, entity.type().jsonName());
        upsert.setObject(3, entity.createdAt(), Types.TIMESTAMP_WITH_TIMEZONE);
        upsert.setObject(4, entity.updatedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
        upsert.setString(5, entity.json().toString());
        upsert.setObject(6, eventId);
    }

    /**
     * Writes events in one transaction (the caller's), taking row locks in one global order whatever the
     * request order: first the event rows by event id, then the entity rows by (table, id). Two
     * transactions over overlapping events or entities, in any order, therefore wait for each other
     * instead of deadlocking. Outbox records follow request order, the order Debezium publishes them.
     *
     * <p>Each kind of statement goes to the server as one JDBC batch (one round trip for all events instead of
     * one per event and statement), executed one statement after the other: an entity in several events is
     * upserted once per event, in request order, as one by one. Batches must not be rewritten into multi-row
     * statements (pgjdbc's {@code reWriteBatchedInserts}): an upsert may not touch a row twice in one statement,
     * and the event rows' counts tell stored events from duplicates.
     *
     * @param traces per event, in request order, the trace context its outbox record carries
     * @return per event, in request order, whether it was stored or was a duplicate
     * @throws EventConflictException when an id was stored before with different content
     */
    public static List<StoreOutcome> writeAll(Connection connection, List<ValidatedEvent> events, List<OutboxTrace> traces)
            throws SQLException {
        StoreOutcome[] outcomes = new StoreOutcome[events.size()];
        List<Integer> byEventId = IntStream.range(0, events.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> events.get(i).eventId())).toList();
        int[] inserted;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (int i : byEventId) {
                bindEvent(insert, events.get(i));
                insert.addBatch();
            }
            inserted = insert.executeBatch();
        }
        for (int k = 0; k < byEventId.size(); k++) {
            int i = byEventId.get(k);
            ValidatedEvent event = events.get(i);
            if (inserted[k] == 1) {
                outcomes[i] = StoreOutcome.STORED;
            } else if (inserted[k] != 0) {
                throw new IllegalStateException("the JDBC driver did not count the rows each INSERT wrote (" + inserted[k]
                        + "): remove reWriteBatchedInserts from the JDBC URL");
            } else if (sameContent(connection, event)) {
                outcomes[i] = StoreOutcome.DUPLICATE;
            } else {
                throw new EventConflictException(event.eventId());
            }
        }
        upsertEntities(connection, events, outcomes);
        List<UUID> outboxIds = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(OUTBOX_INSERT)) {
            for (int i = 0; i < events.size(); i++) {
                if (outcomes[i] == StoreOutcome.STORED) {
                    UUID outboxId = UUID.randomUUID();
                    bindOutbox(insert, outboxId, events.get(i), traces.get(i));
                    insert.addBatch();
                    outboxIds.add(outboxId);
                }
            }
            if (!outboxIds.isEmpty()) {
                insert.executeBatch();
            }
        }
        if (!outboxIds.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(OUTBOX_DELETE)) {
                for (UUID outboxId : outboxIds) {
                    delete.setObject(1, outboxId);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        return List.of(outcomes);
    }

    /** The entities of the stored events in lock order, one batch per table. */
    private static void upsertEntities(Connection connection, List<ValidatedEvent> events, StoreOutcome[] outcomes)
            throws SQLException {
        // A stable sort: an entity in several events is upserted in request order, as one by one.
        record Write(ValidatedEvent.Entity entity, UUID eventId) {
        }
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (outcomes[i] == StoreOutcome.STORED) {
                UUID eventId = events.get(i).eventId();
                events.get(i).entities().forEach(entity -> writes.add(new Write(entity, eventId)));
            }
        }
        writes.sort(Comparator.comparing(Write::entity, LOCK_ORDER));
        int from = 0;
        while (from < writes.size()) {
            EntityType table = writes.get(from).entity().type();
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_ENTITY_BY_TYPE.get(table))) {
                for (; from < writes.size() && writes.get(from).entity().type() == table; from++) {
                    bindEntity(upsert, writes.get(from).entity(), writes.get(from).eventId());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
    }
}
