package io.cdcfanout.fanout.apps;

import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.components.Http;
import io.cdcfanout.localstack.components.JavaCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Quarkus application of this repository run from its packaged jar
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}), ready when {@code /q/health/ready}
 * answers: on its management port when it has one (an app built with
 * {@code quarkus.management.enabled=true}, such as the producer), else on its HTTP port. It
 * receives every export of the stack as environment variables, which Quarkus maps to
 * configuration ({@code KAFKA_BOOTSTRAP_SERVERS} → {@code kafka.bootstrap.servers}), so an app's
 * {@code application.properties} reads e.g. {@code ${CDC_DB_JDBC_URL}} under {@code %prod}.
 *
 * <p>An app joins the stack with a subclass that only calls the constructor, listed in
 * {@code META-INF/services/io.cdcfanout.localstack.Component}.
 */
public abstract class QuarkusApp implements Component {

    /** Name of the management port in {@link #defaultPorts()}. */
    public static final String MANAGEMENT_PORT = "management";

    private static final String RUN_JAR = "quarkus-run.jar";

    private final String name;
    private final String module;
    private final int defaultPort;
    private final int defaultManagementPort;
    private final String description;
    private final List<String> dependsOn;

    /**
     * @param name component name, e.g. {@code producer-api}
     * @param module the Maven module from the repository root, e.g. {@code producer-api}
     * @param defaultPort HTTP port under {@code ./fanout up}
     * @param description one line for {@code ./fanout status}
     * @param dependsOn components that must be ready first
     */
    protected QuarkusApp(String name, String module, int defaultPort, String description, List<String> dependsOn) {
        this(name, module, defaultPort, 0, description, dependsOn);
    }

    /**
     * An app whose {@code /q/*} endpoints (health, metrics, OpenAPI) are on a management interface
     * of their own: port {@code management} of the component, {@code FANOUT_<NAME>_MANAGEMENT_PORT}.
     *
     * @param defaultManagementPort management port under {@code ./fanout up}; 0 when the app has no management interface
     */
    protected QuarkusApp(String name, String module, int defaultPort, int defaultManagementPort, String description, List<String> dependsOn) {
        this.name = name;
        this.module = module;
        this.defaultPort = defaultPort;
        this.defaultManagementPort = defaultManagementPort;
        this.description = description;
        this.dependsOn = List.copyOf(dependsOn);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> dependsOn() {
        return dependsOn;
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return hasManagementInterface() ? Map.of("port", defaultPort, MANAGEMENT_PORT, defaultManagementPort) : Map.of("port", defaultPort);
    }

    @Override
    public List<String> buildModules() {
        return List.of(module);
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return Files.isRegularFile(runJar(ctx));
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) throws InterruptedException {
        JavaCommand java = JavaCommand.of(ctx);
        jvmOptions().forEach(java::option);
        java.property("quarkus.http.host", ctx.host()).property("quarkus.http.port", ctx.port(name));
        if (hasManagementInterface()) {
            java.property("quarkus.management.host", ctx.host()).property("quarkus.management.port", ctx.port(name, MANAGEMENT_PORT));
        }
        if (!startsFromAotCache()) {
            return new ProcessSpec(java.jar(runJar(ctx)), environment(ctx), ctx.componentDir(name));
        }
        Path appDir = runJar(ctx).getParent();
        if (new AotCache(appDir, jvmOptions()).ensureTrained(ctx, name)) {
            java.option("-XX:AOTCache=" + AotCache.FILE);
        }
        // From the app's directory, as the training ran it: the cache holds the class path as it saw it (relative).
        return new ProcessSpec(java.jar(Path.of(RUN_JAR)), environment(ctx), appDir);
    }

    /** The JVM options of the app's process. */
    protected List<String> jvmOptions() {
        return List.of("-Xmx512m");
    }

    /**
     * Whether the app is packaged as {@code aot-jar} and starts from a JDK AOT cache of its own ({@code AotCache}),
     * trained with {@link #jvmOptions()} when missing or stale.
     */
    protected boolean startsFromAotCache() {
        return false;
    }

    /** Variables added for this app only, on top of the stack's exports. */
    protected Map<String, String> environment(StackContext ctx) {
        return Map.of();
    }

    @Override
    public boolean isReady(StackContext ctx) {
        return Http.isOk(managementUrl(ctx) + "/q/health/ready");
    }

    /** The API's URL, and where {@code /q/*} is when that is another port. */
    @Override
    public String address(StackContext ctx) {
        return hasManagementInterface() ? url(ctx) + " (/q/* on " + managementUrl(ctx) + ")" : url(ctx);
    }

    /** Base URL of the app's HTTP port. */
    public String url(StackContext ctx) {
        return "http://" + ctx.host() + ":" + ctx.port(name);
    }

    /** Base URL under which the app serves {@code /q/health}, {@code /q/metrics} and {@code /q/openapi}. */
    public String managementUrl(StackContext ctx) {
        return hasManagementInterface() ? "http://" + ctx.host() + ":" + ctx.port(name, MANAGEMENT_PORT) : url(ctx);
    }

    public boolean hasManagementInterface() {
        return defaultManagementPort > 0;
    }

    private Path runJar(StackContext ctx) {
        return ctx.repoRoot().resolve(module).resolve("target/quarkus-app").resolve(RUN_JAR);
    }
}
