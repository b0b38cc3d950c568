package io.cdcfanout.producerapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test events built from the reference samples, and reads of what the API stored. */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String CAR_CREATED = "car-created-event.json";
    public static final String LOAN_CREATED = "loan-created-event.json";
    public static final String LOAN_PAYMENT_SUBMITTED = "loan-payment-submitted-event.json";
    public static final String CAR_SERVICE_DONE = "car-service-done-event.json";
    /**
     * Each sample parsed once: the benchmark builds an event per request, and reading the resource and parsing it every
     * time made its client cost more CPU than a request should.
     */
    private static final Map<String, ObjectNode> PARSED = new ConcurrentHashMap<>();

    private Events() {
    }

    /** The reference sample, byte for byte. */
    public static byte[] sampleBytes(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/samples/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample with a fresh event id and a fresh primary entity id, so tests never collide. */
    public static ObjectNode fresh(String sample) {
        return withEntityId(fresh(sample, UUID.randomUUID()), sample.substring(0, 3).toUpperCase() + "-" + UUID.randomUUID());
    }

    /** A sample with the given event id. */
    public static ObjectNode fresh(String sample, UUID eventId) {
        ObjectNode event = PARSED.computeIfAbsent(sample, Events::parse).deepCopy();
        ((ObjectNode) event.get("eventHeader")).put("uuid", eventId.toString());
        return event;
    }

    private static ObjectNode parse(String sample) {
        try {
            return (ObjectNode) JSON.readTree(sampleBytes(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the id (and entityHeader.entityId) of the first entity. */
    public static ObjectNode withEntityId(ObjectNode event, String entityId) {
        ObjectNode entity = (ObjectNode) event.get("entities").get(0);
        entity.put("id", entityId);
        ((ObjectNode) entity.get("entityHeader")).put("entityId", entityId);
        return event;
    }

    public static String eventId(ObjectNode event) {
        return event.get("eventHeader").get("uuid").asText();
    }

    public static String primaryEntityId(ObjectNode event) {
        return event.get("entities").get(0).get("id").asText();
    }

    /** Runs a one-value query against the database the app under test uses. */
    public static long count(String sql, Object... parameters) {
        Config config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long storedEvents(String eventId) {
        return count("SELECT count(*) FROM business_event WHERE event_id = ?::uuid", eventId);
    }
}
