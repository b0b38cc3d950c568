package io.cdcfanout.localstack.components;

import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.connect.ConnectClient;
import io.cdcfanout.localstack.connect.ConnectorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect in distributed mode with the Debezium PostgreSQL connector and its SMTs, and our
 * own SMTs (infra/connect-transforms), on the plugin path. Once ready, it registers the connector files the stack was given (by default every
 * {@code infra/connect/*.json}). Connector files read connection details from the worker's
 * environment through Kafka's {@code EnvVarConfigProvider} ({@code ${env:CDC_DB_HOST}}), which is
 * why the very same files work under docker-compose.
 */
public final class KafkaConnect implements Component {

    public static final String NAME = "connect";
    private static final String MODULE = "infra/runtime/connect";
    /** Our SMTs (infra/connect-transforms), a plugin directory of their own beside Debezium's. */
    private static final String TRANSFORMS_PLUGIN = "cdc-fanout-transforms";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Kafka Connect + Debezium PostgreSQL connector";
    }

    @Override
    public List<String> dependsOn() {
        return List.of(Kafka.NAME, Postgres.NAME);
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of("port", 8083);
    }

    @Override
    public List<String> buildModules() {
        return List.of(MODULE);
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return ctx.hasRuntimeClasspath(MODULE) && Files.isDirectory(pluginPath(ctx).resolve(TRANSFORMS_PLUGIN));
    }

    /** Every connector file is read and checked before anything starts. */
    @Override
    public void preflight(StackContext ctx) throws StackException {
        connectors(ctx);
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) throws Exception {
        Path dir = ctx.componentDir(NAME);
        Path config = dir.resolve("connect-distributed.properties");
        int port = ctx.port(NAME);
        Files.writeString(config, String.join(System.lineSeparator(),
                "# Written by the cdc-fanout local stack on every start; edit the Connect component instead.",
                "bootstrap.servers=" + Kafka.bootstrapServers(ctx),
                "group.id=cdc-fanout-connect",
                "key.converter=org.apache.kafka.connect.json.JsonConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "key.converter.schemas.enable=false",
                "value.converter.schemas.enable=false",
                "config.storage.topic=_connect-configs",
                "offset.storage.topic=_connect-offsets",
                "status.storage.topic=_connect-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "offset.flush.interval.ms=1000",
                "listeners=http://" + ctx.host() + ":" + port,
                "rest.advertised.host.name=" + ctx.host(),
                "rest.advertised.port=" + port,
                "plugin.path=" + pluginPath(ctx),
                "config.providers=env",
                "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                ""));
        List<String> command = JavaCommand.of(ctx).heap("1g").option("-Xms256m")
                .classpath(ctx.runtimeClasspath(MODULE))
                .main("org.apache.kafka.connect.cli.ConnectDistributed", config.toString());
        return ProcessSpec.of(command, dir);
    }

    @Override
    public boolean isReady(StackContext ctx) {
        return Http.isOk(url(ctx) + "/connectors");
    }

    @Override
    public void afterReady(StackContext ctx) throws Exception {
        ConnectClient client = new ConnectClient(url(ctx));
        for (ConnectorConfig connector : connectors(ctx)) {
            client.apply(connector, Duration.ofSeconds(90));
            ctx.options().out().printf("  %-22s connector %s RUNNING (%s)%n", NAME, connector.name(), connector.source().getFileName());
        }
    }

    @Override
    public Map<String, String> exports(StackContext ctx) {
        return Map.of("KAFKA_CONNECT_URL", url(ctx));
    }

    @Override
    public String address(StackContext ctx) {
        return url(ctx);
    }

    public static String url(StackContext ctx) {
        return "http://" + ctx.host() + ":" + ctx.port(NAME);
    }

    private static Path pluginPath(StackContext ctx) {
        return ctx.repoRoot().resolve(MODULE).resolve("target/plugins");
    }

    private static List<ConnectorConfig> connectors(StackContext ctx) throws StackException {
        List<ConnectorConfig> result = new ArrayList<>();
        for (Path file : ctx.options().connectorConfigs()) {
            result.add(ConnectorConfig.read(file));
        }
        return result;
    }
}
