package io.cdcfanout.producerapi.store;

import java.sql.SQLException;

/** A database statement failed; {@link io.cdcfanout.producerapi.api.Problems} tells unavailability (503) from other errors (500). */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
