package io.cdcfanout.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file of the repository, split the way {@link DocumentationMatchesCodeTest} reads it: prose lines,
 * inline code, command lines of code blocks and the anchors of its headings. Line-based on purpose: every snippet
 * keeps the file:line a reader fixes.
 */
record MarkdownFile(Path path, String name, List<Snippet> prose, List<Snippet> inlineCode, List<Snippet> commandLines,
                    Set<String> anchors) {

    /** Text found at {@code where} (file:line). */
    record Snippet(String where, String text) {
    }

    /** Dependencies, git and the local stack's state: not this repository's documentation or sources. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", ".git", ".fanout");

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)\\s*([\\w+-]*).*");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    /** Blocks in these languages hold no commands; shell and untagged blocks (usage synopses, diagrams) do. */
    private static final Set<String> NON_COMMAND_LANGUAGES = Set.of("java", "json", "properties", "sql", "xml", "yaml", "hcl", "text");

    static List<MarkdownFile> all(Path repo) {
        return sourceFiles(repo).stream().filter(file -> file.toString().endsWith(".md")).map(file -> read(repo, file)).toList();
    }

    /** Every file of the checkout, sorted, without build output, dependencies, git and the local stack's state. */
    static List<Path> sourceFiles(Path repo) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(repo, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName().toString();
                    // Only a module's build output: the Java package io.cdcfanout.pipelinetarget is a directory named target too.
                    boolean buildOutput = name.equals("target") && Files.exists(dir.resolveSibling("pom.xml"));
                    return buildOutput || SKIPPED_DIRECTORIES.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    private static MarkdownFile read(Path repo, Path file) {
        String name = repo.relativize(file).toString().replace('\\', '/');
        List<Snippet> prose = new ArrayList<>();
        List<Snippet> inlineCode = new ArrayList<>();
        List<Snippet> commandLines = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        String fence = null;
        boolean commandBlock = false;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = name + ":" + (i + 1);
            Matcher fenceLine = FENCE.matcher(line);
            if (fenceLine.matches()) {
                if (fence == null) {
                    fence = fenceLine.group(1);
                    commandBlock = !NON_COMMAND_LANGUAGES.contains(fenceLine.group(2).toLowerCase(Locale.ROOT));
                } else if (fence.equals(fenceLine.group(1))) {
                    fence = null;
                }
                continue;
            }
            if (fence != null) {
                if (commandBlock) {
                    commandLines.add(new Snippet(where, line));
                }
                continue;
            }
            prose.add(new Snippet(where, line));
            Matcher code = INLINE_CODE.matcher(line);
            while (code.find()) {
                inlineCode.add(new Snippet(where, code.group(2).strip()));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                headings.add(heading.group(1));
            }
        }
        return new MarkdownFile(file, name, prose, inlineCode, commandLines, anchors(headings));
    }

    /** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2, … */
    private static Set<String> anchors(List<String> headings) {
        Map<String, Integer> seen = new HashMap<>();
        Set<String> anchors = new HashSet<>();
        for (String heading : headings) {
            String text = heading.replaceAll("`|\\*\\*|__", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }
}
