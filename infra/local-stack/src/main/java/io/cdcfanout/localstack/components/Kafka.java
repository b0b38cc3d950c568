package io.cdcfanout.localstack.components;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.process.Ports;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/** A single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM). */
public final class Kafka implements Component {

    public static final String NAME = "kafka";
    private static final String MODULE = "infra/runtime/kafka";
    /** Topics the stack creates: the same file docker-compose and Terraform read. */
    public static final String TOPICS_FILE = "infra/kafka/topics.json";
    /** Key of {@link #TOPICS_FILE} holding the record limit of every stage that publishes to Kafka. */
    public static final String RECORD_MAX_BYTES = "recordMaxBytes";
    /** The per-topic limit; the stack sets it on every topic it creates to the record limit. */
    static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Apache Kafka broker, KRaft";
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of("port", 9092, "controller", 9093);
    }

    @Override
    public List<String> buildModules() {
        return List.of(MODULE);
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return ctx.hasRuntimeClasspath(MODULE);
    }

    @Override
    public void preflight(StackContext ctx) throws StackException {
        topics(ctx);
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) throws Exception {
        Path dir = ctx.componentDir(NAME);
        Path data = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(ctx, data, ctx.port(NAME), ctx.port(NAME, "controller")));
        String classpath = ctx.runtimeClasspath(MODULE);
        if (!Files.exists(data.resolve("meta.properties"))) {
            List<String> format = JavaCommand.of(ctx).heap("256m").classpath(classpath)
                    .main("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString());
            int exit = ProcessSupervisor.run(format, dir, Map.of(), ctx.logFile(NAME), Duration.ofMinutes(2));
            if (exit != 0) {
                throw new StackException("formatting Kafka's storage failed with exit code " + exit + "; see ./fanout logs " + NAME);
            }
        }
        List<String> command = JavaCommand.of(ctx).heap("1g").option("-Xms256m").classpath(classpath)
                .main("kafka.Kafka", config.toString());
        return ProcessSpec.of(command, dir);
    }

    /** The broker's server.properties. */
    static String serverProperties(StackContext ctx, Path data, int port, int controller) throws StackException {
        return String.join(System.lineSeparator(),
                "# Written by the cdc-fanout local stack on every start; edit the Kafka component instead.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + ctx.host() + ":" + controller,
                "listeners=PLAINTEXT://" + ctx.host() + ":" + port + ",CONTROLLER://" + ctx.host() + ":" + controller,
                "advertised.listeners=PLAINTEXT://" + ctx.host() + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                // Topics created outside topics.json (auto-created, internal) get the same limit.
                "message.max.bytes=" + recordMaxBytes(ctx.repoRoot()),
                "");
    }

    @Override
    public boolean isReady(StackContext ctx) {
        if (!Ports.isListening(ctx.host(), ctx.port(NAME))) {
            return false;
        }
        try (Admin admin = admin(ctx)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Creates the topics of {@code infra/kafka/topics.json} that do not exist yet, and sets the
     * record limit on those that do (they may predate it, or it may have changed).
     */
    @Override
    public void afterReady(StackContext ctx) throws Exception {
        List<NewTopic> wanted = topics(ctx);
        if (wanted.isEmpty()) {
            return;
        }
        try (Admin admin = admin(ctx)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            Map<ConfigResource, Collection<AlterConfigOp>> limits = new HashMap<>();
            wanted.stream().filter(topic -> existing.contains(topic.name())).forEach(topic -> limits.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                    List.of(new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, topic.configs().get(MAX_MESSAGE_BYTES)), AlterConfigOp.OpType.SET))));
            if (!limits.isEmpty()) {
                admin.incrementalAlterConfigs(limits).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public Map<String, String> exports(StackContext ctx) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(ctx));
    }

    @Override
    public String address(StackContext ctx) {
        return bootstrapServers(ctx);
    }

    public static String bootstrapServers(StackContext ctx) {
        return ctx.host() + ":" + ctx.port(NAME);
    }

    public static Admin admin(StackContext ctx) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(ctx));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return Admin.create(props);
    }

    /** Reads and checks the topics file; a broken file stops {@code up} before anything starts. */
    static List<NewTopic> topics(StackContext ctx) throws StackException {
        Path file = ctx.repoRoot().resolve(TOPICS_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = readTopicsFile(file);
        int recordMaxBytes = recordMaxBytes(root);
        JsonNode list = root.path("topics");
        if (!list.isArray()) {
            throw new StackException(TOPICS_FILE + ": expected an object with a \"topics\" array");
        }
        List<NewTopic> topics = new ArrayList<>();
        for (JsonNode topic : list) {
            String name = topic.path("name").asText("");
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new StackException(TOPICS_FILE + ": topic name '" + name + "' is invalid (letters, digits, '.', '_', '-'; 1-249 characters)");
            }
            int partitions = topic.path("partitions").asInt(3);
            if (partitions < 1) {
                throw new StackException(TOPICS_FILE + ": topic " + name + " needs at least 1 partition");
            }
            Map<String, String> configs = new HashMap<>();
            topic.path("config").properties().forEach(entry -> configs.put(entry.getKey(), entry.getValue().asText()));
            if (configs.containsKey(MAX_MESSAGE_BYTES)) {
                throw new StackException(TOPICS_FILE + ": topic " + name + " sets " + MAX_MESSAGE_BYTES + "; the limit of every topic is the top-level \""
                        + RECORD_MAX_BYTES + "\" (one limit for every stage)");
            }
            configs.put(MAX_MESSAGE_BYTES, Integer.toString(recordMaxBytes));
            topics.add(new NewTopic(name, partitions, (short) 1).configs(configs));
        }
        return topics;
    }

    /**
     * The record limit of {@code infra/kafka/topics.json} (its top-level {@value #RECORD_MAX_BYTES}):
     * broker, topics, Connect's and Flink's producers all use it.
     */
    public static int recordMaxBytes(Path repoRoot) throws StackException {
        return recordMaxBytes(readTopicsFile(repoRoot.resolve(TOPICS_FILE)));
    }

    private static int recordMaxBytes(JsonNode root) throws StackException {
        JsonNode limit = root.path(RECORD_MAX_BYTES);
        if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1024) {
            throw new StackException(TOPICS_FILE + ": \"" + RECORD_MAX_BYTES + "\" must be a whole number of bytes, at least 1024 (the record limit of every stage), not "
                    + (limit.isMissingNode() ? "missing" : limit.toString()));
        }
        return limit.asInt();
    }

    private static JsonNode readTopicsFile(Path file) throws StackException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new StackException(TOPICS_FILE + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StackException("cannot read " + TOPICS_FILE + ": " + e.getMessage());
        }
    }

    /**
     * A random cluster id in Kafka's format (URL-safe base64 of 16 bytes). Never one starting with
     * '-': StorageTool's argument parser would take it for an option and fail (1 start in 64).
     */
    static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
