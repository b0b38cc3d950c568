package io.cdcfanout.routingrules.sql;

/** Quoting of values and names in generated SQL. */
public final class SqlText {

    private SqlText() {}

    /**
     * A string literal. Flink SQL (Calcite) strings have one escape only, the doubled quote, so
     * doubling quotes makes any text a single literal: values can never end it early and inject SQL.
     */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A quoted identifier; a back-quote inside the name is doubled. */
    public static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
