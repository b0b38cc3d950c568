package io.cdcfanout.consumers.loan;

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

/** The loans seen, in table {@code loan} of the consumer's schema (kept across restarts). */
@ApplicationScoped
public class Loans {

    private static final String COLUMNS = "id, car_id, financial_institution, loan_amount, balance, interest_rate, term_months, "
            + "monthly_payment, status, start_date, event_id";
    // A later event about the same loan replaces the row: the view holds each loan's latest state.
    private static final String UPSERT = "INSERT INTO loan (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET car_id = excluded.car_id, financial_institution = excluded.financial_institution, "
            + "loan_amount = excluded.loan_amount, balance = excluded.balance, interest_rate = excluded.interest_rate, "
            + "term_months = excluded.term_months, monthly_payment = excluded.monthly_payment, status = excluded.status, "
            + "start_date = excluded.start_date, event_id = excluded.event_id";

    private final AgroalDataSource dataSource;

    Loans(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores {@code loan} in the transaction of {@code connection} (see {@code HandledEvents}). */
    void put(Connection connection, LoanView loan) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, loan.id());
            upsert.setString(2, loan.carId());
            upsert.setString(3, loan.financialInstitution());
            upsert.setBigDecimal(4, loan.loanAmount());
            upsert.setBigDecimal(5, loan.balance());
            upsert.setDouble(6, loan.interestRate());
            upsert.setInt(7, loan.termMonths());
            upsert.setBigDecimal(8, loan.monthlyPayment());
            upsert.setString(9, loan.status());
            upsert.setObject(10, loan.startDate().atOffset(ZoneOffset.UTC));
            upsert.setObject(11, UUID.fromString(loan.eventId()));
            upsert.executeUpdate();
        }
    }

    public Optional<LoanView> get(String id) throws SQLException {
        return ViewQuery.first(dataSource, Loans::view, "SELECT " + COLUMNS + " FROM loan WHERE id = ?", id);
    }

    public List<LoanView> all() throws SQLException {
        return ViewQuery.list(dataSource, Loans::view, "SELECT " + COLUMNS + " FROM loan ORDER BY id");
    }

    private static LoanView view(ResultSet row) throws SQLException {
        return new LoanView(row.getString(1), row.getString(2), row.getString(3), row.getBigDecimal(4), row.getBigDecimal(5),
                row.getDouble(6), row.getInt(7), row.getBigDecimal(8), row.getString(9),
                row.getObject(10, OffsetDateTime.class).toInstant(), row.getString(11));
    }
}
