package io.cdcfanout.routingrules.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one target, in two scripts: {@code connectors} (table DDL: where data lives) and
 * {@code routing} (what goes where), so the same routing runs against any tables of that shape.
 */
public record GeneratedSql(SqlTarget target, String connectors, String routing) {

    /** File name of the connector DDL under {@code generated/<target>/}. */
    public static final String CONNECTORS_FILE = "connectors.sql";

    /** File name of the routing logic under {@code generated/<target>/}. */
    public static final String ROUTING_FILE = "routing.sql";

    /**
     * The statements of a script, without their terminating semicolons: splits at {@code ;} that
     * ends a line outside string literals and quoted names, and drops comment lines. An
     * {@code EXECUTE STATEMENT SET BEGIN … END;} block is one statement and keeps its inner semicolons.
     */
    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inString = false;
        boolean inName = false;
        for (String line : script.split("\n", -1)) {
            if (!inString && !inName && (line.isBlank() || line.stripLeading().startsWith("--"))) {
                continue;
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'' && !inName) {
                    inString = !inString;
                } else if (c == '`' && !inString) {
                    inName = !inName;
                }
            }
            boolean inBlock = current.toString().stripLeading().startsWith("EXECUTE STATEMENT SET")
                    || (current.isEmpty() && line.stripLeading().startsWith("EXECUTE STATEMENT SET"));
            boolean ends = !inString && !inName && line.stripTrailing().endsWith(";")
                    && (!inBlock || line.strip().equals("END;"));
            current.append(ends ? line.stripTrailing().substring(0, line.stripTrailing().length() - 1) : line);
            if (ends) {
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append('\n');
            }
        }
        if (!current.isEmpty() && !current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
