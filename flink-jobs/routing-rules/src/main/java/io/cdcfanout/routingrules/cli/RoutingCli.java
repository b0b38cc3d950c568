package io.cdcfanout.routingrules.cli;

import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.parse.RulesException;
import io.cdcfanout.routingrules.sql.GeneratedSql;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import io.cdcfanout.routingrules.sql.SqlTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code route validate | generate [--check] | route-preview <event.json>}: the rules file's tools. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Validate the routing rules, generate their Flink SQL, and preview where an event goes.",
        subcommands = {RoutingCli.Validate.class, RoutingCli.Generate.class, RoutingCli.Preview.class})
public final class RoutingCli {

    /** Exit code of invalid rules or stale generated SQL. */
    static final int INVALID = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for running in-process (tests, the build). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RoutingCli());
        // Invalid rules and unreadable files are bad input: their message, not a stack trace.
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            if (exception instanceof RulesException invalid) {
                cmd.getErr().println(invalid.getMessage());
                return INVALID;
            }
            if (exception instanceof java.nio.file.NoSuchFileException missing) {
                cmd.getErr().println("route: no such file: " + missing.getFile());
                return INVALID;
            }
            if (exception instanceof IllegalArgumentException unsupported) {
                // Rules that are valid but cannot be generated for a target (Avro outputs on Confluent Cloud).
                cmd.getErr().println("route: " + unsupported.getMessage());
                return INVALID;
            }
            if (exception instanceof IOException unreadable) {
                cmd.getErr().println("route: cannot read input: " + unreadable.getMessage());
                return INVALID;
            }
            throw exception;
        });
        return commandLine;
    }

    /** The {@code --rules} option of every subcommand. */
    static final class RulesOption {
        @Option(names = "--rules", defaultValue = "${env:ROUTING_RULES:-flink-jobs/routing-rules.yaml}", description = "Rules file, YAML or JSON (default: ${DEFAULT-VALUE}).")
        Path rules;

        RuleSet load() throws IOException, RulesException {
            return new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(rules);
        }
    }

    @Command(name = "validate", description = "Check the rules file; print every problem with rule, field, what is wrong and what is allowed.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Mixin
        RulesOption options;
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, RulesException {
            RuleSet rules = options.load();
            spec.commandLine().getOut().printf("%s: %d rules, %d deployable%n", options.rules, rules.rules().size(), rules.deployable().size());
            return 0;
        }
    }

    @Command(name = "generate", description = "Write the Flink SQL of the rules for every target; with --check, only compare with the committed files.")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Mixin
        RulesOption options;
        @Option(names = "--out", defaultValue = "${env:ROUTING_GENERATED:-flink-jobs/generated}", description = "Directory of the generated SQL (default: ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--check", description = "Fail when the files in --out differ from what the rules generate.")
        boolean check;
        @Option(names = "--target", split = ",", converter = TargetName.class, paramLabel = "TARGET",
                description = "Only these targets, by directory name: flink, confluent-cloud (default: all).")
        List<SqlTarget> targets = List.of(SqlTarget.values());
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, RulesException {
            RuleSet rules = options.load();
            Map<Path, String> files = files(rules, out, targets);
            List<Path> stale = new ArrayList<>();
            for (Map.Entry<Path, String> file : files.entrySet()) {
                boolean current = Files.isRegularFile(file.getKey()) && Files.readString(file.getKey()).equals(file.getValue());
                if (!current) {
                    stale.add(file.getKey());
                    if (!check) {
                        Files.createDirectories(file.getKey().getParent());
                        Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
                    }
                }
            }
            if (check && !stale.isEmpty()) {
                spec.commandLine().getErr().println("The generated SQL is stale: " + stale
                        + "\nRegenerate it with `flink-jobs/route generate` and commit the result.");
                return INVALID;
            }
            spec.commandLine().getOut().println((check ? "Up to date: " : stale.isEmpty() ? "Unchanged: " : "Written: ")
                    + (check || stale.isEmpty() ? files.keySet() : stale));
            return 0;
        }
    }

    @Command(name = "route-preview", description = "Print the topics an event would reach (evaluated in plain Java, like the Flink job).")
    static final class Preview implements Callable<Integer> {
        @CommandLine.Mixin
        RulesOption options;
        @Parameters(paramLabel = "<event.json>", description = "File with the record value (the complete event JSON).")
        Path event;
        @Option(names = "--header", description = "A Kafka header of the record, e.g. __op=u (repeatable).")
        Map<String, String> headers = new LinkedHashMap<>();
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, RulesException {
            RuleSet rules = options.load();
            RuleEvaluator.Routing routing = new RuleEvaluator(rules).route(Files.readString(event), headers);
            PrintWriter out = spec.commandLine().getOut();
            if (!routing.wellFormed()) {
                out.println(GeneratorOptions.DLQ_TOPIC + "  (" + SqlGenerator.MALFORMED + ")");
            } else if (routing.rules().isEmpty()) {
                out.println("(no topic: no deployable rule matches)");
            }
            for (Rule rule : routing.rules()) {
                out.println(rule.outputTopic() + "  (rule " + rule.id() + ")");
            }
            return 0;
        }
    }

    /** A target by its directory name under {@code generated/}. */
    static final class TargetName implements CommandLine.ITypeConverter<SqlTarget> {
        @Override
        public SqlTarget convert(String name) {
            for (SqlTarget target : SqlTarget.values()) {
                if (target.dirName().equals(name)) {
                    return target;
                }
            }
            throw new CommandLine.TypeConversionException("unknown target '" + name + "'; allowed: flink, confluent-cloud");
        }
    }

    /**
     * The generated files of these targets, by path under {@code out}.
     *
     * @throws IllegalArgumentException when a rule cannot be generated for one of them
     */
    public static Map<Path, String> files(RuleSet rules, Path out, List<SqlTarget> targets) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (SqlTarget target : targets) {
            GeneratedSql sql = new SqlGenerator(target, GeneratorOptions.defaults()).generate(rules);
            files.put(out.resolve(target.dirName()).resolve(GeneratedSql.CONNECTORS_FILE), sql.connectors());
            files.put(out.resolve(target.dirName()).resolve(GeneratedSql.ROUTING_FILE), sql.routing());
        }
        return files;
    }
}
