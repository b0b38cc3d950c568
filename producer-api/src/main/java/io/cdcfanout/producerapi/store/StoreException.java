package io.cdcfanout.producerapi.store;

import java.sql.SQLException;
import java.util.Locale;

/**
 * A database statement failed and the transaction was rolled back; {@link io.cdcfanout.producerapi.api.Problems}
 * tells unavailability and concurrency conflicts (503, retryable) from other errors (500).
 */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** SQLSTATE class 08: the connection failed (or could not be made). */
    public static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** Connection failures (SQLSTATE class 08, server shutting down 57P0x) and pool timeouts. */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ((state != null && (state.startsWith("08") || state.startsWith("57P0")))
                        // Agroal's pool says it several ways ("Sorry, acquisition timeout!", "Acquisition timeout while …").
                        || String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }
}
