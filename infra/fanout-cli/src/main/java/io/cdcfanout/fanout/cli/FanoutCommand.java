package io.cdcfanout.fanout.cli;

import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code ./fanout}: the cdc-fanout local stack, without Docker. */
@Command(name = "fanout",
        mixinStandardHelpOptions = true,
        // --help (and --version) on every subcommand too: ./fanout parked --help answers like ./fanout --help.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = FanoutCommand.Version.class,
        description = "Runs the cdc-fanout pipeline on this machine: PostgreSQL, Kafka, Kafka Connect + Debezium, "
                + "the schema registry and Flink as background processes, without Docker.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, LogsCommand.class, RoutePreviewCommand.class,
                ParkedCommand.class, ConnectorCommand.class,
                ReplayCommand.class, DlqCommand.class, BackfillCommand.class, ConsoleCommand.class,
                CommandLine.HelpCommand.class})
public final class FanoutCommand implements Callable<Integer> {

    /** Exit code for failures the user can act on. */
    static final int FAILED = 1;

    @Option(names = "--state-dir", description = "Where the stack keeps data, logs and pids (default: $FANOUT_STATE_DIR or <repo>/.fanout).")
    Path stateDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new FanoutCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            if (exception instanceof StackException stackException) {
                cmd.getErr().println("fanout: " + stackException.getMessage());
                if (!stackException.details().isBlank()) {
                    cmd.getErr().println(stackException.details().indent(4).stripTrailing());
                }
                return FAILED;
            }
            throw exception;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    Stack stack(boolean buildMissing) throws StackException {
        Path repo = repoRoot();
        return Stack.create(new StackOptions(repo, stateDir(repo), false,
                ConnectorConfig.filesIn(repo.resolve("infra/connect")), buildMissing, System.getenv(), 0, System.out));
    }

    /** Component names given to up or down: an unknown one is a usage error (exit 2) naming the known ones. */
    static void checkComponents(CommandLine.Model.CommandSpec spec, Stack stack, List<String> names) {
        try {
            stack.checkNames(names);
        } catch (StackException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Path stateDir(Path repo) throws StackException {
        String fromEnvironment = System.getenv("FANOUT_STATE_DIR");
        Path chosen = stateDir != null ? stateDir
                : fromEnvironment != null && !fromEnvironment.isBlank() ? Path.of(fromEnvironment)
                : repo.resolve(".fanout");
        Path absolute = chosen.toAbsolutePath().normalize();
        // The stack deletes its data there on --purge: never let that be the checkout or a parent of it.
        if (repo.toAbsolutePath().normalize().startsWith(absolute)) {
            throw new StackException("the state directory " + absolute + " would contain the checkout; choose a directory of its own (default: .fanout)");
        }
        return absolute;
    }

    /** The checkout: set by the ./fanout script, else found upwards from the working directory. */
    static Path repoRoot() {
        String configured = System.getProperty("fanout.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("fanout")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run ./fanout from inside the cdc-fanout checkout");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FanoutCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cdc-fanout " + (version == null ? "development build" : version)};
        }
    }
}
