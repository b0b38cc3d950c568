package io.cdcfanout.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A deliberately small reader of Terraform's HCL: blocks ({@code type "label" ... { ... }}) and the
 * attributes directly inside them ({@code name = expression}), with expressions kept as their source
 * text without comments. It understands strings (with {@code ${...}} interpolation), comments ({@code #},
 * {@code //}, block comments), heredocs and nesting of {@code {} [] ()}; it evaluates nothing. See the module
 * README for what it does not handle.
 */
public final class HclFile {

    /** A block: its type, labels, attributes (source text of each expression) and nested blocks. */
    public record Block(String type, List<String> labels, Map<String, String> attributes, List<Block> blocks) {

        /** @return the source text of the attribute's expression, trimmed */
        public Optional<String> attribute(String name) {
            return Optional.ofNullable(attributes.get(name));
        }

        /** @return the first label, e.g. the resource type of a {@code resource} block */
        public String label(int index) {
            return labels.get(index);
        }
    }

    private final Path path;
    private final String text;
    private int pos;

    private HclFile(Path path, String text) {
        this.path = path;
        this.text = text;
    }

    /** @return the top-level blocks of one .tf file */
    public static List<Block> parse(Path file) {
        try {
            HclFile reader = new HclFile(file, Files.readString(file));
            return reader.body(true).blocks();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the top-level blocks of every .tf file directly in the directory, files in name order */
    public static List<Block> parseDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".tf")).sorted()
                    .flatMap(f -> parse(f).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Block body(boolean topLevel) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Block> blocks = new ArrayList<>();
        while (true) {
            skipBlankAndComments();
            if (pos >= text.length()) {
                if (!topLevel) {
                    throw error("unexpected end of file inside a block");
                }
                return new Block("", List.of(), attributes, blocks);
            }
            if (text.charAt(pos) == '}') {
                if (topLevel) {
                    throw error("unbalanced '}'");
                }
                pos++;
                return new Block("", List.of(), attributes, blocks);
            }
            String name = identifier();
            skipInlineSpace();
            if (pos < text.length() && text.charAt(pos) == '=') {
                pos++;
                attributes.put(name, expression().trim());
                continue;
            }
            List<String> labels = new ArrayList<>();
            while (pos < text.length() && text.charAt(pos) == '"') {
                int start = pos;
                skipString();
                labels.add(text.substring(start + 1, pos - 1));
                skipInlineSpace();
            }
            if (pos >= text.length() || text.charAt(pos) != '{') {
                throw error("expected '=' or '{' after '" + name + "'");
            }
            pos++;
            Block inner = body(false);
            blocks.add(new Block(name, List.copyOf(labels), inner.attributes(), inner.blocks()));
        }
    }

    /**
     * An expression runs to the end of its line, unless brackets, a string or a heredoc are still open.
     * Comments are left out of its text.
     */
    private String expression() {
        StringBuilder expression = new StringBuilder();
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                skipString();
            } else if (c == '<' && text.startsWith("<<", pos)) {
                skipHeredoc();
            } else if (c == '#' || text.startsWith("//", pos) || text.startsWith("/*", pos)) {
                expression.append(text, start, pos);
                if (text.startsWith("/*", pos)) {
                    skipBlockComment();
                } else {
                    skipLineComment();
                }
                start = pos;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
                pos++;
            } else if (c == '}' || c == ']' || c == ')') {
                if (depth == 0) {
                    return expression.append(text, start, pos).toString(); // closing brace of the enclosing block
                }
                depth--;
                pos++;
            } else if (c == '\n' && depth == 0) {
                expression.append(text, start, pos++);
                return expression.toString();
            } else {
                pos++;
            }
        }
        return expression.append(text, start, text.length()).toString();
    }

    private void skipString() {
        pos++; // opening quote
        int interpolation = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '$' && text.startsWith("${", pos)) {
                interpolation++;
                pos += 2;
            } else if (c == '{' && interpolation > 0) {
                interpolation++;
                pos++;
            } else if (c == '}' && interpolation > 0) {
                interpolation--;
                pos++;
            } else if (c == '"' && interpolation > 0) {
                skipString(); // a string inside an interpolation
            } else if (c == '"') {
                pos++;
                return;
            } else if (c == '\n' && interpolation == 0) {
                throw error("unterminated string");
            } else {
                pos++;
            }
        }
        throw error("unterminated string");
    }

    private void skipHeredoc() {
        int lineEnd = text.indexOf('\n', pos);
        if (lineEnd < 0) {
            throw error("unterminated heredoc");
        }
        String marker = text.substring(pos + 2, lineEnd).replace("-", "").trim();
        int cursor = lineEnd + 1;
        while (cursor < text.length()) {
            int end = text.indexOf('\n', cursor);
            String line = text.substring(cursor, end < 0 ? text.length() : end);
            cursor = end < 0 ? text.length() : end + 1;
            if (line.trim().equals(marker)) {
                pos = cursor - 1; // leave the newline: it ends the expression
                return;
            }
        }
        throw error("heredoc " + marker + " not closed");
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected an identifier, found '" + text.charAt(pos) + "'");
        }
        return text.substring(start, pos);
    }

    private void skipBlankAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ',') {
                pos++;
            } else if (c == '#' || text.startsWith("//", pos)) {
                skipLineComment();
            } else if (text.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipInlineSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipLineComment() {
        int end = text.indexOf('\n', pos);
        pos = end < 0 ? text.length() : end;
    }

    private void skipBlockComment() {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
            throw error("unterminated comment");
        }
        pos = end + 2;
    }

    private IllegalArgumentException error(String message) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException(path + ":" + line + ": " + message);
    }
}
