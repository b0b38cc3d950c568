package io.cdcfanout.consumers.service;

import io.agroal.api.AgroalDataSource;
import io.cdcfanout.consumers.projection.ViewQuery;
import io.cdcfanout.events.ServiceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Services and revenue per dealer, in table {@code dealer_services} of the consumer's schema (kept across restarts). */
@ApplicationScoped
public class DealerBoard {

    private static final String COLUMNS = "dealer_id, dealer_name, services, revenue, last_car_id, last_service_date";
    private static final String ADD = "INSERT INTO dealer_services (" + COLUMNS + ") VALUES (?, ?, 1, ?, ?, ?) "
            + "ON CONFLICT (dealer_id) DO UPDATE SET dealer_name = excluded.dealer_name, "
            + "services = dealer_services.services + 1, revenue = dealer_services.revenue + excluded.revenue, "
            + "last_car_id = excluded.last_car_id, last_service_date = excluded.last_service_date RETURNING " + COLUMNS;

    private final AgroalDataSource dataSource;

    DealerBoard(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds {@code service} to its dealer's totals in the transaction of {@code connection}; returns the new totals. */
    DealerServices add(Connection connection, ServiceRecord service) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement(ADD)) {
            add.setString(1, service.getDealerId());
            add.setString(2, service.getDealerName());
            add.setBigDecimal(3, service.getAmountPaid());
            add.setString(4, service.getCarId());
            add.setObject(5, service.getServiceDate().atOffset(ZoneOffset.UTC));
            try (ResultSet totals = add.executeQuery()) {
                totals.next();
                return totals(totals);
            }
        }
    }

    public Optional<DealerServices> dealer(String dealerId) throws SQLException {
        return ViewQuery.first(dataSource, DealerBoard::totals, "SELECT " + COLUMNS + " FROM dealer_services WHERE dealer_id = ?", dealerId);
    }

    public List<DealerServices> all() throws SQLException {
        return ViewQuery.list(dataSource, DealerBoard::totals, "SELECT " + COLUMNS + " FROM dealer_services ORDER BY dealer_id");
    }

    private static DealerServices totals(ResultSet row) throws SQLException {
        return new DealerServices(row.getString(1), row.getString(2), row.getInt(3), row.getBigDecimal(4), row.getString(5),
                row.getObject(6, OffsetDateTime.class).toInstant());
    }
}
