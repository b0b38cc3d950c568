package io.cdcfanout.fanout;

import static org.assertj.core.api.Assertions.fail;

import io.cdcfanout.fanout.MarkdownFile.Snippet;
import io.cdcfanout.fanout.cli.FanoutCommand;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every Markdown file of the repository against the code: the files, modules, tests, profiles, {@code ./fanout}
 * options, classes and variables it names must exist, so a move or a rename cannot leave the docs behind unnoticed.
 * Each test reports all its problems at once, as file:line.
 */
class DocumentationMatchesCodeTest {

    private static final Path REPO = TestStack.repoRoot();
    private static final List<MarkdownFile> DOCS = MarkdownFile.all(REPO);
    private static final List<String> FILES = MarkdownFile.sourceFiles(REPO).stream()
            .map(file -> REPO.relativize(file).toString().replace('\\', '/')).toList();

    /** [text](target) and ![alt](target); the target ends at whitespace (an optional "title" follows) or ')'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    /**
     * A path of this checkout: starts with one of its top-level directories, not inside a longer path or URL
     * ({@code ../docs/x}, {@code http://host/docs/x}). Stops at characters no path of ours contains, except in {a,b}.
     */
    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./-])(?:\\./)?((?:infra|sdk|consumers|producer-api|flink-jobs|load-test|contract|e2e|examples|docs|build|benchmarks|\\.ci)/(?:\\{[^}\\s]*}|[^\\s`'\"|,;()\\[\\]])*)");
    /**
     * The non-literal parts of a written path and what each stands for: {@code …} (or ...) any directories in between,
     * {@code *} and {@code <placeholder>} (unclosed when the placeholder holds a space) and {@code $VAR} one name part,
     * {@code {a,b}} alternatives.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile("…|\\.\\.\\.|\\*|<[^>]*>?|\\$\\{?\\w+}?|\\{([^}]*)}");
    /**
     * Paths that do not exist in a checkout because a build or a run writes them, each with why. Everything under a
     * module's {@code target/} directory is Maven's build output and allowed as well.
     */
    private static final Map<String, String> GENERATED_PATHS = Map.of(
            "benchmarks/results/", "the benchmarks write their numbers there (gitignored)",
            "load-test/results/", "load runs and the verifier write their summaries and reports there (only .gitkeep is committed)",
            "infra/terraform/.bin", "infra/scripts/install-tofu.sh builds OpenTofu there (gitignored)");

    private static final Pattern MAVEN = Pattern.compile("(?:\\./mvnw|(?<![\\w/.-])mvn)\\s(.*)");
    /** Test names that select no test on purpose, with -Dsurefire.failIfNoSpecifiedTests=false: run only the ITs, or only the unit tests. */
    private static final Set<String> NO_TEST = Set.of("none");

    private static final Pattern FANOUT = Pattern.compile("(?<![\\w/.-])\\./fanout((?:\\s.*)?)$");

    /** CamelCase names ending in IT, Test or Benchmark; not annotations (@QuarkusTest) nor name parts (*Test, …ConsumerIT). */
    private static final Pattern TEST_CLASS = Pattern.compile("(?<![@\\w.*…])([A-Z][a-z0-9]\\w*(?:IT|Test|Benchmark))\\b");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("(?<![\\w.])io\\.cdcfanout(?:\\.\\w+)+");

    private static final Pattern FANOUT_VARIABLE = Pattern.compile("\\bFANOUT_[A-Z0-9_]*[A-Z0-9]\\b");

    /** Rule 1: a relative link, and its #anchor when it has one, leads to a file or heading of this checkout. */
    @Test
    void relativeLinksPointToExistingFilesAndHeadings() {
        Map<Path, MarkdownFile> docsByPath = DOCS.stream().collect(Collectors.toMap(doc -> doc.path().normalize(), Function.identity()));
        List<String> problems = new ArrayList<>();
        for (MarkdownFile doc : DOCS) {
            for (Snippet line : doc.prose()) {
                Matcher link = LINK.matcher(withoutInlineCode(line.text()));
                while (link.find()) {
                    String target = link.group(1);
                    if (URL_SCHEME.matcher(target).find()) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? doc.path() : doc.path().getParent().resolve(file).normalize();
                    if (!Files.exists(resolved)) {
                        problems.add(line.where() + ": link to " + target + ": no such file");
                    } else if (hash >= 0 && docsByPath.containsKey(resolved)
                            && !docsByPath.get(resolved).anchors().contains(target.substring(hash + 1))) {
                        problems.add(line.where() + ": link to " + target + ": no such heading in " + docsByPath.get(resolved).name());
                    }
                }
            }
        }
        assertNone(problems);
    }

    /**
     * Rule 2: paths of this checkout in inline code and code blocks exist. A path with globs or placeholders must
     * match at least one file or directory: {@code infra/fanout-cli/…/apps/} is fine while some apps directory is there.
     */
    @Test
    void repositoryPathsInCodeExist() {
        Set<String> filesAndDirectories = new HashSet<>();
        for (String file : FILES) {
            for (int slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
                filesAndDirectories.add(file.substring(0, slash));
            }
            filesAndDirectories.add(file);
        }
        List<String> problems = new ArrayList<>();
        for (Snippet code : inlineCodeAndCommandLines()) {
            Matcher path = REPO_PATH.matcher(code.text());
            while (path.find()) {
                // A sentence's full stop or colon, and an #anchor, are not part of the path.
                String written = path.group(1).replaceFirst("#.*", "").replaceFirst("[.:]+$", "");
                Pattern pattern = pathPattern(written.replaceFirst("/$", ""));
                if (!generated(written) && filesAndDirectories.stream().noneMatch(pattern.asMatchPredicate())) {
                    problems.add(code.where() + ": " + path.group(1) + " does not exist");
                }
            }
        }
        assertNone(problems);
    }

    /** Rule 3: a Maven command's -pl modules, -f pom, -Dtest / -Dit.test classes and -P profiles exist. */
    @Test
    void mavenCommandsNameExistingModulesTestsAndProfiles() {
        Set<String> testClasses = FILES.stream().filter(file -> file.contains("/src/test/") && file.endsWith(".java"))
                .map(DocumentationMatchesCodeTest::simpleClassName).collect(Collectors.toSet());
        Set<String> profiles = new HashSet<>();
        Set<String> artifactIds = new HashSet<>();
        for (String pom : FILES.stream().filter(file -> file.endsWith("pom.xml")).toList()) {
            String xml = read(REPO.resolve(pom));
            profiles.addAll(all(Pattern.compile("(?s)<profile>(?:\\s|<!--.*?-->)*<id>([^<]+)</id>"), xml));
            // The project's own artifactId: the first one that is not inside <parent>.
            all(Pattern.compile("<artifactId>([^<]+)</artifactId>"), xml.replaceFirst("(?s)<parent>.*?</parent>", "")).stream()
                    .findFirst().ifPresent(artifactIds::add);
        }
        List<String> problems = new ArrayList<>();
        for (Snippet code : inlineCodeAndCommandLines()) {
            Matcher maven = MAVEN.matcher(code.text());
            if (!maven.find()) {
                continue;
            }
            List<String> args = Arrays.asList(commandOnly(maven.group(1)).split("\\s+"));
            Path base = REPO;
            for (int i = 0; i < args.size(); i++) {
                if ((args.get(i).equals("-f") || args.get(i).equals("--file")) && i + 1 < args.size()) {
                    String pom = args.get(i + 1);
                    if (!Files.isRegularFile(REPO.resolve(pom))) {
                        problems.add(code.where() + ": -f " + pom + " does not exist");
                    } else {
                        base = REPO.resolve(pom).getParent();
                    }
                }
            }
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if ((arg.equals("-pl") || arg.equals("--projects")) && i + 1 < args.size()) {
                    for (String module : args.get(i + 1).split(",")) {
                        String name = module.replaceFirst("^[!?-]+", "");
                        boolean exists = PLACEHOLDER.matcher(name).find()
                                || (name.startsWith(":") ? artifactIds.contains(name.substring(1)) : Files.isRegularFile(base.resolve(name).resolve("pom.xml")));
                        if (!exists) {
                            problems.add(code.where() + ": -pl " + name + " is no module (no pom.xml there)");
                        }
                    }
                } else if (arg.startsWith("-Dtest=") || arg.startsWith("-Dit.test=")) {
                    for (String test : arg.substring(arg.indexOf('=') + 1).split(",")) {
                        String name = test.replaceFirst("^!", "").replaceFirst("#.*", "");
                        if (NO_TEST.contains(name.toLowerCase())) {
                            // Selecting no test fails the build unless the plugin is told that is intended.
                            String allowEmpty = (arg.startsWith("-Dtest=") ? "-Dsurefire" : "-Dfailsafe") + ".failIfNoSpecifiedTests=false";
                            if (!args.contains(allowEmpty)) {
                                problems.add(code.where() + ": " + arg + " fails the build without " + allowEmpty);
                            }
                        } else if (testClasses.stream().noneMatch(globAsRegex(name).asMatchPredicate())) {
                            problems.add(code.where() + ": " + arg + ": no test class " + name);
                        }
                    }
                } else if (arg.startsWith("-P") && arg.length() > 2) {
                    for (String profile : arg.substring(2).split(",")) {
                        if (!profiles.contains(profile.replaceFirst("^[!-]", ""))) {
                            problems.add(code.where() + ": -P" + profile + ": no pom declares this profile");
                        }
                    }
                }
            }
        }
        assertNone(problems);
    }

    /**
     * Rule 4: {@code ./fanout} commands use subcommands and options of the picocli model. Usage synopses count too:
     * [optional] brackets are ignored, a|b lists alternative subcommands, and a word where only subcommands may stand
     * (the command takes no positional parameters) must be one.
     */
    @Test
    void fanoutCommandsUseExistingSubcommandsAndOptions() {
        CommandLine fanout = new CommandLine(new FanoutCommand());
        List<String> problems = new ArrayList<>();
        for (Snippet code : inlineCodeAndCommandLines()) {
            Matcher command = FANOUT.matcher(code.text());
            if (!command.find()) {
                continue;
            }
            CommandLine current = fanout;
            String path = "./fanout";
            boolean pastSubcommands = false;
            for (String word : commandOnly(command.group(1)).replaceAll("[\\[\\]]", " ").strip().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.matches("--?[a-zA-Z].*")) {
                    String option = word.replaceFirst("=.*", "");
                    if (!current.getCommandSpec().optionsMap().containsKey(option)) {
                        problems.add(code.where() + ": " + path + " has no option " + option);
                    }
                } else if (!pastSubcommands) {
                    List<String> alternatives = List.of(word.split("\\|"));
                    CommandLine subcommand = current.getSubcommands().get(alternatives.getFirst());
                    if (subcommand != null) {
                        for (String alternative : alternatives) {
                            if (!current.getSubcommands().containsKey(alternative)) {
                                problems.add(code.where() + ": " + path + " has no subcommand " + alternative);
                            }
                        }
                        current = subcommand;
                        path += " " + alternatives.getFirst();
                    } else if (!current.getSubcommands().isEmpty() && current.getCommandSpec().positionalParameters().isEmpty()) {
                        problems.add(code.where() + ": " + path + " has no subcommand " + word);
                        break;
                    } else {
                        pastSubcommands = true;
                    }
                }
            }
        }
        assertNone(problems);
    }

    /** Rule 5: test, IT and benchmark classes and io.cdcfanout names in inline code exist as sources (or packages). */
    @Test
    void javaClassNamesInCodeExist() {
        List<String> javaFiles = FILES.stream().filter(file -> file.endsWith(".java")).toList();
        Set<String> simpleNames = javaFiles.stream().map(DocumentationMatchesCodeTest::simpleClassName).collect(Collectors.toSet());
        Set<String> qualifiedFiles = javaFiles.stream().filter(file -> file.contains("/io/cdcfanout/"))
                .map(file -> file.substring(file.indexOf("/io/cdcfanout/") + 1)).collect(Collectors.toCollection(HashSet::new));
        // The build generates the typed events from the Avro IDL (sdk-events): io.cdcfanout.events.CarCreated has no source file.
        for (String idl : FILES.stream().filter(file -> file.endsWith(".avdl")).toList()) {
            String text = read(REPO.resolve(idl));
            String namespace = all(Pattern.compile("@namespace\\(\"([^\"]+)\"\\)"), text).getFirst();
            for (String type : all(Pattern.compile("\\b(?:record|enum)\\s+(\\w+)"), text)) {
                qualifiedFiles.add(namespace.replace('.', '/') + "/" + type + ".java");
            }
        }
        Set<String> packages = qualifiedFiles.stream().map(file -> file.substring(0, file.lastIndexOf('/')).replace('/', '.'))
                .collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Snippet code : DOCS.stream().flatMap(doc -> doc.inlineCode().stream()).toList()) {
            for (String name : all(TEST_CLASS, code.text())) {
                if (!simpleNames.contains(name)) {
                    problems.add(code.where() + ": no class " + name);
                }
            }
            for (String name : all(QUALIFIED_NAME, code.text(), 0)) {
                // Up to the first capitalised part: the class file; what follows is a nested class or member.
                List<String> parts = List.of(name.split("\\."));
                int classPart = indexOfCapitalised(parts);
                boolean exists = classPart < 0 ? packages.contains(name)
                        : qualifiedFiles.contains(String.join("/", parts.subList(0, classPart + 1)) + ".java");
                if (!exists) {
                    problems.add(code.where() + ": no " + (classPart < 0 ? "package " : "class ") + name);
                }
            }
        }
        assertNone(problems);
    }

    /**
     * Rule 6: every FANOUT_* variable the docs name is read somewhere in the code. Port overrides are built from
     * component and port names (PortPlan.variable): FANOUT_SCHEMA_REGISTRY_MANAGEMENT_PORT is fine when
     * "schema-registry" and "management" are names in the Java sources.
     */
    @Test
    void fanoutEnvironmentVariablesAreReadByTheCode() {
        String sources = FILES.stream().filter(file -> !file.endsWith(".md")).map(file -> read(REPO.resolve(file)))
                .collect(Collectors.joining("\n"));
        List<String> problems = new ArrayList<>();
        for (MarkdownFile doc : DOCS) {
            for (Snippet line : Stream.concat(doc.prose().stream(), doc.commandLines().stream()).toList()) {
                for (String variable : all(FANOUT_VARIABLE, line.text(), 0)) {
                    if (!Pattern.compile("\\b" + variable + "\\b").matcher(sources).find() && !isPortVariable(variable, sources)) {
                        problems.add(line.where() + ": " + variable + " is read nowhere in the code");
                    }
                }
            }
        }
        assertNone(problems);
    }

    private static boolean isPortVariable(String variable, String sources) {
        Matcher port = Pattern.compile("FANOUT_(\\w+)_PORT").matcher(variable);
        if (!port.matches()) {
            return false;
        }
        String[] words = port.group(1).toLowerCase().split("_");
        // Try every split into component and port name: KAFKA_CONTROLLER is kafka + controller, SCHEMA_REGISTRY is a component.
        for (int split = 1; split <= words.length; split++) {
            String component = String.join("-", Arrays.copyOfRange(words, 0, split));
            String portName = String.join("-", Arrays.copyOfRange(words, split, words.length));
            if (sources.contains('"' + component + '"') && (portName.isEmpty() || sources.contains('"' + portName + '"'))) {
                return true;
            }
        }
        return false;
    }

    private static List<Snippet> inlineCodeAndCommandLines() {
        return DOCS.stream().flatMap(doc -> Stream.concat(doc.inlineCode().stream(), doc.commandLines().stream())).toList();
    }

    /** A command up to its comment, the next command (;, &&, a pipe) or, in a usage synopsis, the description after wide spacing. */
    private static String commandOnly(String text) {
        return text.split("\\s#|&&|;|\\s\\|\\s|\\)|\\s{3,}")[0];
    }

    private static String withoutInlineCode(String line) {
        return line.replaceAll("(`+).+?\\1", "");
    }

    private static Pattern pathPattern(String written) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(written);
        int literalFrom = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(written.substring(literalFrom, placeholder.start())));
            String part = placeholder.group();
            regex.append(part.equals("…") || part.equals("...") ? ".*"
                    : placeholder.group(1) != null ? Arrays.stream(placeholder.group(1).split(",")).map(Pattern::quote).collect(Collectors.joining("|", "(?:", ")"))
                    : "[^/]*");
            literalFrom = placeholder.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(written.substring(literalFrom))).toString());
    }

    private static boolean generated(String path) {
        return GENERATED_PATHS.keySet().stream().anyMatch(path::startsWith) || underBuildOutput(path);
    }

    /** Under a module's target/ (a pom.xml beside it): Maven's build output, not a source directory named target. */
    private static boolean underBuildOutput(String path) {
        Matcher target = Pattern.compile("/target(?:/|$)").matcher(path);
        while (target.find()) {
            if (Files.isRegularFile(REPO.resolve(path.substring(0, target.start())).resolve("pom.xml"))) {
                return true;
            }
        }
        return false;
    }

    private static Pattern globAsRegex(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    private static String simpleClassName(String javaFile) {
        return javaFile.substring(javaFile.lastIndexOf('/') + 1, javaFile.length() - ".java".length());
    }

    private static int indexOfCapitalised(List<String> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (Character.isUpperCase(parts.get(i).charAt(0))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> all(Pattern pattern, String text) {
        return all(pattern, text, 1);
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    private static String read(Path file) {
        try {
            // ISO-8859-1 reads any bytes: binary files are searched harmlessly instead of failing the read.
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNone(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " place(s) where the documentation does not match the code:\n" + String.join("\n", problems));
        }
    }
}
