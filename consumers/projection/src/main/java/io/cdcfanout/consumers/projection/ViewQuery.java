package io.cdcfanout.consumers.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads of a view for its REST resource: one statement on a pooled connection, each row mapped to a record. */
public final class ViewQuery {

    private ViewQuery() {
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Every row {@code sql} returns, in its order; {@code parameters} bind to its {@code ?} placeholders. */
    public static <T> List<T> list(DataSource dataSource, Row<T> row, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<T> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(row.map(rows));
                }
            }
            return found;
        }
    }

    /** The first row {@code sql} returns, if any. */
    public static <T> Optional<T> first(DataSource dataSource, Row<T> row, String sql, Object... parameters) throws SQLException {
        return list(dataSource, row, sql, parameters).stream().findFirst();
    }
}
