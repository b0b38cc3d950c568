package io.cdcfanout.fanout.apps;

import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.components.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An example consumer built on the consumer SDK. Under the local stack every consumer sends a delivery receipt per
 * handled event to {@value #RECEIPTS_TOPIC}, so that {@code load-test/verify} can check any run end to end. Its view
 * lives in a schema of its own in the stack's PostgreSQL (the exported {@code CDC_DB_JDBC_URL}, {@code CDC_DB_USER},
 * {@code CDC_DB_PASSWORD}), which must be up before the consumer migrates it at start.
 */
public abstract class ConsumerApp extends QuarkusApp {

    /** The topic of the consumers' delivery receipts (declared in {@code infra/kafka/topics.json}). */
    public static final String RECEIPTS_TOPIC = "cdc-fanout-receipts";

    /** The JVM options of the consumers' images: {@code JAVA_OPTS} of each {@code Dockerfile.jvm} (consumers/README.md, "Start-up"). */
    public static final List<String> IMAGE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=80", "-Xms8m");
    /** {@code -XX:MaxRAM=1g}: the heap's limit as in a 1 GB container (80 % of it), not 80 % of this machine's memory. */
    private static final List<String> JVM_OPTIONS = Stream.concat(IMAGE_JVM_OPTIONS.stream(), Stream.of("-XX:MaxRAM=1g")).toList();

    private final String viewPath;

    /**
     * @param name component name, e.g. {@code loan-consumer}
     * @param module the Maven module from the repository root
     * @param defaultPort HTTP port under {@code ./fanout up}
     * @param viewPath the consumer's own view of what it handled, e.g. {@code /loans}: its address in {@code ./fanout status}
     * @param description one line for {@code ./fanout status}
     */
    protected ConsumerApp(String name, String module, int defaultPort, String viewPath, String description) {
        super(name, module, defaultPort, description, List.of(Kafka.NAME, SchemaRegistry.NAME, Postgres.NAME));
        this.viewPath = viewPath;
    }

    /**
     * Starts from a JDK AOT cache of its own, as in its image: a consumer restarts and scales out often and its
     * start-up cost repeats each time (consumers/README.md, "Start-up").
     */
    @Override
    protected boolean startsFromAotCache() {
        return true;
    }

    /** The options of the consumers' images, as in a 1 GB container. */
    @Override
    protected List<String> jvmOptions() {
        return JVM_OPTIONS;
    }

    @Override
    public String address(StackContext ctx) {
        return url(ctx) + viewPath;
    }

    @Override
    protected Map<String, String> environment(StackContext ctx) {
        return Map.of("CDCFANOUT_CONSUMER_RECEIPTS_TOPIC", RECEIPTS_TOPIC);
    }
}
