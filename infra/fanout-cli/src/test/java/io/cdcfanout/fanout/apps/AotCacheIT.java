package io.cdcfanout.fanout.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache {@code ./fanout up} starts a consumer from: trained by the images' script on first start, reused while
 * the app, the JVM and its options stay the same, trained again when one changed, and never in the way of a start. The
 * app is a stand-in with the layout of {@code target/quarkus-app} that logs Quarkus's "started in" and waits, as the
 * training run expects: a consumer's training takes ~10 s, this one's ~2 s.
 */
class AotCacheIT {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=1g");
    private static final String STARTED_APP = """
            public class Main {
                public static void main(String[] args) throws Exception {
                    System.out.println("app started in 0.1s");
                    Thread.sleep(60_000);
                }
            }
            """;
    /** Answers /q/health/ready on the port Quarkus would take (quarkus.http.port, 0: any) and leaves a mark when asked. */
    private static final String SERVING_APP = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.file.Files;
            import java.nio.file.Path;

            public class Main {
                public static void main(String[] args) throws Exception {
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("quarkus.http.port", 0)), 0);
                    server.createContext("/q/health/ready", exchange -> {
                        Files.writeString(Path.of("readiness-asked"), "yes");
                        exchange.sendResponseHeaders(503, -1);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("app started in 0.1s. Listening on: http://127.0.0.1:" + server.getAddress().getPort());
                    Thread.sleep(60_000);
                }
            }
            """;
    private static final String FAILING_APP = """
            public class Main {
                public static void main(String[] args) {
                    throw new IllegalStateException("no configuration");
                }
            }
            """;

    @TempDir
    Path temp;

    private Path appDir;
    private StackContext ctx;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void stack() throws Exception {
        appDir = Files.createDirectories(temp.resolve("quarkus-app"));
        Files.createDirectories(appDir.resolve("lib"));
        ctx = Stack.create(new StackOptions(TestStack.repoRoot(), temp.resolve("state"), true, List.of(), false, Map.of(), 0,
                new PrintStream(progress, true, StandardCharsets.UTF_8))).context();
    }

    @Test
    void theFirstStartTrainsTheCacheAndLaterStartsReuseItWhileNothingChanged() throws Exception {
        packageApp(STARTED_APP);

        assertThat(new AotCache(appDir, OPTIONS).ensureTrained(ctx, "loan-consumer")).isTrue();
        Path cache = appDir.resolve(AotCache.FILE);
        assertThat(cache).isNotEmptyFile();
        FileTime trained = Files.getLastModifiedTime(cache);

        assertThat(new AotCache(appDir, OPTIONS).ensureTrained(ctx, "loan-consumer")).isTrue();
        assertThat(Files.getLastModifiedTime(cache)).as("not trained again").isEqualTo(trained);
        assertThat(progress.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("training"))).hasSize(1);
    }

    @Test
    void aRebuiltJarOrOtherOptionsMakeTheCacheStaleAndItIsTrainedAgain() throws Exception {
        packageApp(STARTED_APP);
        Path cache = appDir.resolve(AotCache.FILE);
        new AotCache(appDir, OPTIONS).ensureTrained(ctx, "loan-consumer");
        FileTime first = Files.getLastModifiedTime(cache);

        Path jar = appDir.resolve("lib/main.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(new AotCache(appDir, OPTIONS).ensureTrained(ctx, "loan-consumer")).isTrue();
        FileTime afterRebuild = Files.getLastModifiedTime(cache);
        assertThat(afterRebuild).as("trained again after the jar changed").isNotEqualTo(first);

        assertThat(new AotCache(appDir, List.of("-XX:+UseSerialGC", "-XX:MaxRAM=2g")).ensureTrained(ctx, "loan-consumer")).isTrue();
        assertThat(Files.getLastModifiedTime(cache)).as("trained again for other options").isNotEqualTo(afterRebuild);
    }

    @Test
    void theTrainingAsksTheStartedAppWhetherItIsReadySoThatTheRequestPathIsInTheCache() throws Exception {
        packageApp(SERVING_APP);

        assertThat(new AotCache(appDir, OPTIONS).ensureTrained(ctx, "loan-consumer")).isTrue();

        assertThat(appDir.resolve(AotCache.FILE)).isNotEmptyFile();
        assertThat(appDir.resolve("readiness-asked")).as("the images' health check asked it during the training").exists();
    }

    @Test
    void aTrainingThatFailsLeavesTheAppToStartWithoutACacheAndSaysWhereToLook() throws Exception {
        packageApp(FAILING_APP);

        assertThat(new AotCache(appDir, OPTIONS).ensureTrained(ctx, "loan-consumer")).isFalse();

        assertThat(appDir.resolve(AotCache.FILE)).doesNotExist();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("starting without it (see ./fanout logs loan-consumer)");
        assertThat(Files.readString(ctx.logFile("loan-consumer"))).contains("training run did not start", "no configuration");
    }

    /** quarkus-run.jar with the app on its manifest's class path in lib/, as an aot-jar has it. */
    private void packageApp(String source) throws Exception {
        Path sources = Files.createDirectories(temp.resolve("src"));
        Files.writeString(sources.resolve("Main.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), sources.resolve("Main.java").toString());
        assertThat(status).as("compiled").isZero();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(appDir.resolve("lib/main.jar")))) {
            jar.putNextEntry(new JarEntry("Main.class"));
            jar.write(Files.readAllBytes(classes.resolve("Main.class")));
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/main.jar");
        try (OutputStream out = Files.newOutputStream(appDir.resolve("quarkus-run.jar")); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }
}
