package io.cdcfanout.producerapi.store;

import java.sql.SQLException;

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
}
