package io.cdcfanout.terraform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fenced code blocks of the docs, found by a marker text before them, so tests run the commands as documented. */
final class Docs {

    private Docs() {
    }

    /**
     * The body of the first {@code ```lang} block after {@code marker} in {@code docs/<file>}, with the
     * indentation of the fence removed from every line (blocks inside list items are indented).
     */
    static String block(String file, String marker, String lang) {
        Path path = Repo.ROOT.resolve("docs").resolve(file);
        String doc = Repo.read(path);
        int at = doc.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("'" + marker + "' not found in " + path);
        }
        int fence = doc.indexOf("```" + lang + "\n", at);
        if (fence < 0) {
            throw new AssertionError("no ```" + lang + " block after '" + marker + "' in " + path);
        }
        int lineStart = doc.lastIndexOf('\n', fence) + 1;
        String indent = doc.substring(lineStart, fence);
        int start = fence + lang.length() + 4;
        int end = doc.indexOf("```", start);
        StringBuilder body = new StringBuilder();
        for (String line : doc.substring(start, end).split("\n")) {
            body.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
        }
        return body.toString().stripTrailing() + "\n";
    }

    /** The non-blank, non-comment lines of a shell block. */
    static List<String> shellCommands(String block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
