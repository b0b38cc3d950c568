package io.cdcfanout.localstack.components;

import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry with its Confluent-compatible API ({@code /apis/ccompat/v7}), storing
 * schemas in the stack's PostgreSQL so schema ids stay valid across restarts, as the records in
 * Kafka that reference them do. Global compatibility is BACKWARD (Apicurio's default is NONE).
 */
public final class SchemaRegistry implements Component {

    public static final String NAME = "schema-registry";
    private static final String MODULE = "infra/runtime/schema-registry";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Apicurio Registry (Confluent-compatible API)";
    }

    @Override
    public List<String> dependsOn() {
        return List.of(Postgres.NAME);
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of("port", 8085, "management", 8086);
    }

    @Override
    public List<String> buildModules() {
        return List.of(MODULE);
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return Files.isRegularFile(runJar(ctx));
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) {
        List<String> command = JavaCommand.of(ctx).heap("512m")
                .property("quarkus.http.host", ctx.host())
                .property("quarkus.http.port", ctx.port(NAME))
                .property("quarkus.management.enabled", true)
                .property("quarkus.management.host", ctx.host())
                .property("quarkus.management.port", ctx.port(NAME, "management"))
                .property("apicurio.rules.global.compatibility", "BACKWARD")
                .property("apicurio.storage.kind", "sql")
                .property("apicurio.storage.sql.kind", "postgresql")
                .property("apicurio.datasource.url", Postgres.jdbcUrl(ctx, Postgres.REGISTRY_DATABASE))
                .property("apicurio.datasource.username", Postgres.REGISTRY_USER)
                .property("apicurio.datasource.password", Postgres.REGISTRY_PASSWORD)
                .jar(runJar(ctx));
        return ProcessSpec.of(command, ctx.componentDir(NAME));
    }

    @Override
    public boolean isReady(StackContext ctx) {
        return Http.isOk("http://" + ctx.host() + ":" + ctx.port(NAME, "management") + "/health/ready")
                && Http.isOk(confluentUrl(ctx) + "/subjects");
    }

    @Override
    public Map<String, String> exports(StackContext ctx) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SCHEMA_REGISTRY_URL", confluentUrl(ctx));
        env.put("APICURIO_REGISTRY_URL", "http://" + ctx.host() + ":" + ctx.port(NAME) + "/apis/registry/v3");
        return env;
    }

    @Override
    public String address(StackContext ctx) {
        return confluentUrl(ctx);
    }

    /** The Confluent-compatible endpoint, as Confluent serdes and Flink's avro-confluent format expect. */
    public static String confluentUrl(StackContext ctx) {
        return "http://" + ctx.host() + ":" + ctx.port(NAME) + "/apis/ccompat/v7";
    }

    private static Path runJar(StackContext ctx) {
        return ctx.repoRoot().resolve(MODULE).resolve("target/apicurio/quarkus-run.jar");
    }
}
