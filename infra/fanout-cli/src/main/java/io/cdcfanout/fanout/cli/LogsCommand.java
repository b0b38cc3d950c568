package io.cdcfanout.fanout.cli;

import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.process.LogTail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", description = "Prints the log of a component (its output since the stack first started it).")
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @Parameters(index = "0", paramLabel = "COMPONENT")
    String component;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "How many of the last lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        if (lines < 0) {
            throw new StackException("--lines must be 0 or more, not " + lines);
        }
        Path log = parent.stack(false).logFile(component);
        if (!Files.exists(log)) {
            throw new StackException(component + " has no log yet: it has not been started (./fanout up " + component + ")");
        }
        if (follow) {
            return new ProcessBuilder("tail", "-n", Integer.toString(lines), "-F", log.toString()).inheritIO().start().waitFor();
        }
        System.out.println(LogTail.of(log, lines));
        return 0;
    }
}
