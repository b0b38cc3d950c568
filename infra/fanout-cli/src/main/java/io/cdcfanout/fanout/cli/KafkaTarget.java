package io.cdcfanout.fanout.cli;

import io.cdcfanout.pipelinetarget.PipelineTarget;
import io.cdcfanout.fanout.apps.QuarkusApp;
import io.cdcfanout.localstack.ComponentStatus;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.components.SchemaRegistry;
import io.cdcfanout.pipelinetarget.InvalidTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The deployment a command works on (the local stack, or a {@code --target} file's) and an admin client of its Kafka. */
final class KafkaTarget {

    private KafkaTarget() {
    }

    /** The deployment of this {@code --target} file, or the local stack when there is none. */
    static PipelineTarget resolve(Path targetFile, FanoutCommand fanout) throws StackException {
        return targetFile != null ? load(targetFile) : local(fanout.stack(false));
    }

    /** The deployment a {@code --target} file describes. */
    static PipelineTarget load(Path targetFile) throws StackException {
        try {
            return PipelineTarget.load(targetFile, System.getenv());
        } catch (InvalidTargetException e) {
            throw new StackException(e.getMessage());
        }
    }

    /** The running local stack: what of it runs. */
    static PipelineTarget of(Stack stack, long walWarningBytes) {
        StackContext ctx = stack.context();
        Map<String, String> health = new LinkedHashMap<>();
        String connect = "";
        String jdbc = "";
        String flink = "";
        String registry = "";
        Map<String, Object> kafka = new LinkedHashMap<>();
        for (ComponentStatus component : stack.status()) {
            if (ComponentStatus.STOPPED.equals(component.state()) || ComponentStatus.EXITED.equals(component.state())) {
                continue;
            }
            switch (component.name()) {
                case Kafka.NAME -> kafka.put("bootstrap.servers", Kafka.bootstrapServers(ctx));
                case KafkaConnect.NAME -> connect = KafkaConnect.url(ctx);
                case Postgres.NAME -> jdbc = Postgres.jdbcUrl(ctx, Postgres.DATABASE);
                case FlinkCluster.NAME -> flink = FlinkCluster.url(ctx);
                case SchemaRegistry.NAME -> registry = SchemaRegistry.confluentUrl(ctx);
                default -> {
                    if (ctx.component(component.name()) instanceof QuarkusApp app) {
                        health.put(component.name(), app.managementUrl(ctx));
                    }
                }
            }
        }
        return new PipelineTarget(kafka, connect, jdbc, Postgres.USER, Postgres.PASSWORD, flink, registry, health, walWarningBytes);
    }

    /** The local stack, refused while its Kafka is not running. */
    static PipelineTarget local(Stack stack) throws StackException {
        PipelineTarget target = of(stack, PipelineTarget.DEFAULT_WAL_WARNING_BYTES);
        if (target.kafka().get("bootstrap.servers") == null) {
            throw new StackException("Kafka is not running; ./fanout up starts it");
        }
        return target;
    }

    /** An admin client that gives up within seconds when the cluster does not answer, instead of Kafka's minutes. */
    static Admin admin(PipelineTarget target) {
        Map<String, Object> config = new HashMap<>(target.kafka());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(config);
    }
}
