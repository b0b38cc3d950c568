package io.cdcfanout.terraform;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference splitter the Terraform is checked against: cuts a Flink SQL script into its top-level
 * statements by reading it (string literals, quoted identifiers, comments, BEGIN ... END of a statement
 * set, CASE ... END inside it), independently of the regular expression Terraform uses. Comments before a statement are dropped.
 */
final class SqlStatements {

    private SqlStatements() {
    }

    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        int start = -1;
        int depth = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (sql.startsWith("/*", i)) {
                i = sql.indexOf("*/", i + 2) + 2;
                if (i < 2) {
                    throw new IllegalArgumentException("unterminated comment");
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                if (start < 0) {
                    start = i;
                }
                i = skipQuoted(sql, i, c);
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                if (start < 0) {
                    start = i;
                }
                if (Character.isLetter(c) && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                    int end = i;
                    while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                        end++;
                    }
                    String word = sql.substring(i, end).toUpperCase();
                    if (word.equals("BEGIN") || word.equals("CASE")) { // both close with END
                        depth++;
                    } else if (word.equals("END") && depth > 0) {
                        depth--;
                    }
                    i = end;
                } else if (c == ';' && depth == 0) {
                    statements.add(sql.substring(start, i + 1));
                    start = -1;
                    i++;
                } else {
                    i++;
                }
            }
        }
        if (start >= 0 && !sql.substring(start).isBlank()) {
            throw new IllegalArgumentException("statement without ';' at the end: " + sql.substring(start).strip());
        }
        return statements;
    }

    private static int skipQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote: an escaped quote
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote");
    }
}
