package io.cdcfanout.consumers.loanpayment;

import io.agroal.api.AgroalDataSource;
import io.cdcfanout.consumers.projection.ViewQuery;
import io.cdcfanout.events.LoanPayment;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Running payment totals per loan, in table {@code loan_payments} of the consumer's schema (kept across restarts). */
@ApplicationScoped
public class PaymentLedger {

    private static final String COLUMNS = "loan_id, payments, total_paid, last_payment_id, last_payment_date";
    private static final String ADD = "INSERT INTO loan_payments (" + COLUMNS + ") VALUES (?, 1, ?, ?, ?) "
            + "ON CONFLICT (loan_id) DO UPDATE SET payments = loan_payments.payments + 1, "
            + "total_paid = loan_payments.total_paid + excluded.total_paid, last_payment_id = excluded.last_payment_id, "
            + "last_payment_date = excluded.last_payment_date RETURNING " + COLUMNS;

    private final AgroalDataSource dataSource;

    PaymentLedger(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds {@code payment} to its loan's totals in the transaction of {@code connection}; returns the new totals. */
    LoanPayments add(Connection connection, LoanPayment payment) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement(ADD)) {
            add.setString(1, payment.getLoanId());
            add.setBigDecimal(2, payment.getAmount());
            add.setString(3, payment.getId());
            add.setObject(4, payment.getPaymentDate().atOffset(ZoneOffset.UTC));
            try (ResultSet totals = add.executeQuery()) {
                totals.next();
                return totals(totals);
            }
        }
    }

    public Optional<LoanPayments> forLoan(String loanId) throws SQLException {
        return ViewQuery.first(dataSource, PaymentLedger::totals, "SELECT " + COLUMNS + " FROM loan_payments WHERE loan_id = ?", loanId);
    }

    public List<LoanPayments> all() throws SQLException {
        return ViewQuery.list(dataSource, PaymentLedger::totals, "SELECT " + COLUMNS + " FROM loan_payments ORDER BY loan_id");
    }

    private static LoanPayments totals(ResultSet row) throws SQLException {
        return new LoanPayments(row.getString(1), row.getInt(2), row.getBigDecimal(3), row.getString(4),
                row.getObject(5, OffsetDateTime.class).toInstant());
    }
}
