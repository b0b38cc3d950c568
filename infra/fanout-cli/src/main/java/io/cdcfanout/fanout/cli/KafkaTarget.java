package io.cdcfanout.fanout.cli;

import io.cdcfanout.fanout.pipeline.PipelineTarget;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The Kafka cluster a command works on (the local stack's, or a {@code --target} file's) and its admin client. */
final class KafkaTarget {

    private KafkaTarget() {
    }

    /** The deployment of this {@code --target} file, or the local stack when there is none. */
    static PipelineTarget resolve(Path targetFile, FanoutCommand fanout) throws StackException {
        return targetFile != null ? PipelineTarget.load(targetFile, System.getenv()) : local(fanout.stack(false));
    }

    /** The local stack, refused while its Kafka is not running. */
    static PipelineTarget local(Stack stack) throws StackException {
        PipelineTarget target = PipelineTarget.of(stack, PipelineTarget.DEFAULT_WAL_WARNING_BYTES);
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
