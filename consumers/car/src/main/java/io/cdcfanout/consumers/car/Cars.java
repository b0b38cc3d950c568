package io.cdcfanout.consumers.car;

import io.agroal.api.AgroalDataSource;
import io.cdcfanout.consumers.projection.ViewQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The cars seen, in table {@code car} of the consumer's schema (kept across restarts). */
@ApplicationScoped
public class Cars {

    private static final String COLUMNS = "id, vin, make, model, year, color, mileage, owner, created_at, event_id";
    // A later event about the same car replaces the row: the view holds each car's latest state.
    private static final String UPSERT = "INSERT INTO car (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET vin = excluded.vin, make = excluded.make, model = excluded.model, "
            + "year = excluded.year, color = excluded.color, mileage = excluded.mileage, owner = excluded.owner, "
            + "created_at = excluded.created_at, event_id = excluded.event_id";

    private final AgroalDataSource dataSource;

    Cars(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores {@code car} in the transaction of {@code connection} (see {@code HandledEvents}). */
    void put(Connection connection, CarView car) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, car.id());
            upsert.setString(2, car.vin());
            upsert.setString(3, car.make());
            upsert.setString(4, car.model());
            upsert.setInt(5, car.year());
            upsert.setString(6, car.color());
            upsert.setInt(7, car.mileage());
            upsert.setString(8, car.owner());
            upsert.setObject(9, car.createdAt().atOffset(ZoneOffset.UTC));
            upsert.setObject(10, UUID.fromString(car.eventId()));
            upsert.executeUpdate();
        }
    }

    public Optional<CarView> get(String id) throws SQLException {
        return ViewQuery.first(dataSource, Cars::view, "SELECT " + COLUMNS + " FROM car WHERE id = ?", id);
    }

    public List<CarView> all() throws SQLException {
        return ViewQuery.list(dataSource, Cars::view, "SELECT " + COLUMNS + " FROM car ORDER BY id");
    }

    private static CarView view(ResultSet row) throws SQLException {
        return new CarView(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5), row.getString(6),
                row.getInt(7), row.getString(8), row.getObject(9, OffsetDateTime.class).toInstant(), row.getString(10));
    }
}
