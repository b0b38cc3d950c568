package io.cdcfanout.localstack.components;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Flink session cluster (MiniCluster) in its own JVM. Jobs are submitted to its REST API like
 * to any Flink cluster; its checkpoints live under the state directory so they survive restarts.
 */
public final class FlinkCluster implements Component {

    public static final String NAME = "flink";
    private static final String MODULE = "infra/runtime/flink";
    private static final String TASK_SLOTS = "8";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Flink session cluster (MiniCluster)";
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of("port", 8082);
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
        Path dir = ctx.componentDir(NAME);
        List<String> command = JavaCommand.of(ctx).heap("1536m")
                // The module system openings Flink's own launch scripts pass on Java 17+.
                .option("--add-opens=java.base/java.lang=ALL-UNNAMED")
                .option("--add-opens=java.base/java.util=ALL-UNNAMED")
                .option("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED")
                .option("--add-opens=java.base/java.io=ALL-UNNAMED")
                .option("--add-opens=java.base/java.net=ALL-UNNAMED")
                .option("--add-opens=java.base/java.nio=ALL-UNNAMED")
                .option("--add-opens=java.base/java.time=ALL-UNNAMED")
                .option("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED")
                .classpath(ctx.moduleClasspath(MODULE))
                .main("io.cdcfanout.flinkhost.LocalFlinkCluster", Integer.toString(ctx.port(NAME)), dir.resolve("state").toString(), TASK_SLOTS);
        return ProcessSpec.of(command, dir);
    }

    @Override
    public boolean isReady(StackContext ctx) {
        try {
            Http.Response response = Http.get(url(ctx) + "/overview");
            return response.ok() && new ObjectMapper().readTree(response.body()).path("taskmanagers").asInt() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Map<String, String> exports(StackContext ctx) {
        return Map.of("FLINK_REST_URL", url(ctx));
    }

    @Override
    public String address(StackContext ctx) {
        return url(ctx);
    }

    public static String url(StackContext ctx) {
        return "http://" + ctx.host() + ":" + ctx.port(NAME);
    }
}
