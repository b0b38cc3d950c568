package io.cdcfanout.fanout.apps;

import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.components.Http;
import io.cdcfanout.localstack.components.JavaCommand;
import io.cdcfanout.localstack.components.Kafka;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pipeline console ({@code ./fanout console}) of the local stack: its page at /, metrics at /metrics, state at /api/pipeline. */
public final class PipelineConsole implements Component {

    public static final String NAME = "console";
    private static final String MODULE = "infra/fanout-cli";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pipeline console: live pipeline page, Prometheus metrics of lag, WAL, connector and job states, dead letters";
    }

    @Override
    public List<String> dependsOn() {
        return List.of(Kafka.NAME);
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of("port", 8080);
    }

    @Override
    public List<String> buildModules() {
        return List.of(MODULE);
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return ctx.hasModuleClasspath(MODULE);
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) {
        List<String> arguments = new ArrayList<>(List.of("--state-dir", ctx.options().stateDir().toString(),
                "console", "--port", Integer.toString(ctx.port(NAME))));
        // The page's rules are the ones the routing job runs.
        String rules = ctx.options().environment().get(FlinkRoutingJob.RULES_VARIABLE);
        if (rules != null && !rules.isBlank()) {
            arguments.addAll(List.of("--rules", Path.of(rules).toAbsolutePath().toString()));
        }
        List<String> command = JavaCommand.of(ctx).heap("128m").property("fanout.repo", ctx.repoRoot())
                .classpath(ctx.moduleClasspath(MODULE))
                .main("io.cdcfanout.fanout.cli.FanoutCommand", arguments.toArray(String[]::new));
        return ProcessSpec.of(command, ctx.componentDir(NAME));
    }

    @Override
    public boolean isReady(StackContext ctx) {
        // The page, not /metrics: a scrape inspects the whole pipeline, which takes seconds on a loaded machine.
        try {
            return Http.get(url(ctx) + "/").ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String address(StackContext ctx) {
        return url(ctx);
    }

    public static String url(StackContext ctx) {
        return "http://" + ctx.host() + ":" + ctx.port(NAME);
    }
}
