package io.cdcfanout.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads what the producer accepted in a run from its database: the ground truth the pipeline is checked against. */
public final class AcceptedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AcceptedEvents() {
    }

    /**
     * Every accepted event whose primary entity id starts with {@code <runId>-} (the load tools' id scheme), by event id.
     *
     * @throws SQLException when the database cannot be read
     */
    public static Map<String, AcceptedEvent> ofRun(String jdbcUrl, String user, String password, String runId) throws SQLException {
        String sql = "SELECT event_id, event_type, primary_entity_id, received_at, event::text FROM business_event"
                + " WHERE primary_entity_id LIKE ? ESCAPE '\\' ORDER BY received_at";
        Map<String, AcceptedEvent> events = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, likePrefix(runId) + "-%");
            query.setFetchSize(5000);
            db.setAutoCommit(false);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String eventId = rows.getString(1);
                    events.put(eventId, new AcceptedEvent(eventId, rows.getString(2), rows.getString(3),
                            rows.getTimestamp(4).toInstant(), JSON.readTree(rows.getString(5))));
                }
            } catch (IOException e) {
                throw new IllegalStateException("business_event holds an event that is not JSON: " + e.getMessage(), e);
            }
        }
        return events;
    }

    /** The run id as a LIKE pattern that matches only itself. */
    static String likePrefix(String runId) {
        return runId.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
