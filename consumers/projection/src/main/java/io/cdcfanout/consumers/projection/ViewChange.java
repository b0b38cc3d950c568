package io.cdcfanout.consumers.projection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A change to a consumer's view, applied by {@link HandledEvents#once} on the connection of the transaction that
 * also records the event id. Use only this connection and do not commit, roll back or close it.
 */
@FunctionalInterface
public interface ViewChange {

    void apply(Connection connection) throws SQLException;
}
