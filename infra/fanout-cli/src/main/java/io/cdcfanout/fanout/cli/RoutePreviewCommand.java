package io.cdcfanout.fanout.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** Delegates to the routing rules' own tool, so the preview always runs the rules' reference evaluator. */
@Command(name = "route-preview", description = {
        "Prints the topics an event would reach under flink-jobs/routing-rules.yaml (the reference evaluator",
        "the Flink tests check against). Same as flink-jobs/route route-preview; --help there lists its options."})
final class RoutePreviewCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "EVENT_JSON", description = "The event, as POSTed to the producer API.")
    String event;

    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>(List.of(FanoutCommand.repoRoot().resolve("flink-jobs/route").toString(), "route-preview", event));
        command.addAll(options);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
