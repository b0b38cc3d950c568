package io.cdcfanout.fanout.cli;

import io.cdcfanout.fanout.apps.FlinkRoutingJob;
import io.cdcfanout.fanout.console.ConsoleServer;
import io.cdcfanout.fanout.pipeline.PipelineInspector;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./fanout console}: the pipeline's metrics (and state) over HTTP, of the local stack or of a {@code --target}. */
@Command(name = "console", description = "Serves the live pipeline page at /, the pipeline's Prometheus metrics at /metrics, its state as JSON "
        + "at /api/pipeline and the routing rules at /api/rules and /api/route-preview (./fanout up starts it as component console; run it "
        + "yourself for a --target deployment).")
final class ConsoleCommand implements Callable<Integer> {

    /** Where the console keeps its last sample of the pipeline, apart from ./fanout status's. */
    static final String SAMPLE_FILE = "console-sample.json";

    @ParentCommand
    FanoutCommand fanout;

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Option(names = "--target", paramLabel = "FILE", description = "A remote deployment (the file ./fanout status --target reads) instead of the local stack.")
    Path target;

    @Option(names = "--rules", paramLabel = "FILE", description = "The routing rules the pipeline runs, for the page's rules and route preview "
            + "(default: FANOUT_ROUTING_RULES, else flink-jobs/routing-rules.yaml).")
    Path rules;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new StackException("--port " + port + " is outside 0-65535");
        }
        Stack stack = fanout.stack(false);
        PipelineTarget remote = target == null ? null : KafkaTarget.load(target);
        Path sample = stack.context().toolFile(target == null ? SAMPLE_FILE : "remote-" + SAMPLE_FILE);
        // The local stack's components come and go: which of them run is read again at every inspection.
        try (ConsoleServer server = ConsoleServer.start("127.0.0.1", port,
                () -> new PipelineInspector(remote != null ? remote : KafkaTarget.of(stack, PipelineTarget.DEFAULT_WAL_WARNING_BYTES), sample).inspect(),
                rulesFile())) {
            System.out.println("Pipeline console on http://127.0.0.1:" + server.port() + " (the page at /, /metrics, /api/pipeline); Ctrl-C stops it.");
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private Path rulesFile() {
        if (rules != null) {
            return rules.toAbsolutePath();
        }
        String variable = System.getenv(FlinkRoutingJob.RULES_VARIABLE);
        return variable != null && !variable.isBlank() ? Path.of(variable).toAbsolutePath()
                : FanoutCommand.repoRoot().resolve("flink-jobs/routing-rules.yaml");
    }
}
