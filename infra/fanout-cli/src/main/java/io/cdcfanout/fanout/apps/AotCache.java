package io.cdcfanout.fanout.apps;

import io.cdcfanout.localstack.StackContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JDK AOT cache (JEP 483/514/515) an app packaged as {@code aot-jar} starts from under {@code ./fanout up}:
 * {@value #FILE} in its {@code target/quarkus-app}, made by {@code infra/docker/train-aot-cache.sh} (the training run
 * of the images, which needs nothing of the stack) when it is missing or stale. Stale means that the app's files, the
 * JVM, the JVM options or the training script changed since the training: {@value #KEY_FILE} holds a digest of them. A cache is built
 * output, like the jars it is made from, so every stack of the checkout shares it and {@code mvn clean} removes it.
 */
final class AotCache {

    /** The cache's file name in the app's directory; not the images' {@code app.aot}, which the benchmark trains with other options. */
    static final String FILE = "fanout.aot";
    private static final String KEY_FILE = FILE + ".key";
    /** What the cache depends on in {@code target/quarkus-app}: the class path (the jars) and Quarkus's start-up data. */
    private static final List<String> APP_FILES = List.of("quarkus-run.jar", "app", "lib", "quarkus");
    private static final String TRAINING_SCRIPT = "infra/docker/train-aot-cache.sh";
    /** The script gives the start itself 120 s; the JVM then writes the cache. */
    private static final long TRAINING_TIMEOUT_SECONDS = 240;

    private final Path appDir;
    private final List<String> jvmOptions;

    /**
     * @param appDir the app's {@code target/quarkus-app}
     * @param jvmOptions the options the app runs with: the cache fits only a JVM started with the same ones
     */
    AotCache(Path appDir, List<String> jvmOptions) {
        this.appDir = appDir;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Trains the cache unless the one there fits, appending the training's output to the component's log.
     *
     * @return whether a cache that fits is there; when not (the training failed), the app starts without one
     */
    boolean ensureTrained(StackContext ctx, String component) throws InterruptedException {
        try {
            String key = key(ctx);
            Path keyFile = appDir.resolve(KEY_FILE);
            if (Files.isRegularFile(appDir.resolve(FILE)) && Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key)) {
                return true;
            }
            ctx.options().out().printf("  %-22s training its JVM's AOT cache (once per build of it)%n", component);
            if (!train(ctx, component)) {
                ctx.options().out().printf("  %-22s AOT cache training failed, starting without it (see ./fanout logs %s)%n", component, component);
                return false;
            }
            Path partialKey = Files.createTempFile(appDir, KEY_FILE, ".partial");
            Files.writeString(partialKey, key);
            Files.move(partialKey, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            ctx.options().out().printf("  %-22s no AOT cache (%s), starting without it%n", component, e);
            return false;
        }
    }

    private boolean train(StackContext ctx, String component) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ctx.repoRoot().resolve(TRAINING_SCRIPT).toString(), appDir.toString()));
        command.addAll(jvmOptions);
        Path log = ctx.logFile(component);
        Files.createDirectories(log.getParent());
        ProcessBuilder training = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        training.environment().put("JAVA_HOME", ctx.java().getParent().getParent().toString());
        training.environment().put("AOT_CACHE", FILE);
        Process process = training.start();
        try {
            return process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
        } finally {
            // Timed out, or `up` interrupted: the training JVM must not outlive it.
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    /**
     * Digest of the JVM, its options, the training script and every file of the app the cache depends on (path, size,
     * modification time).
     */
    private String key(StackContext ctx) throws IOException {
        MessageDigest digest = sha256();
        StringBuilder inputs = new StringBuilder()
                .append(ctx.java()).append('\n')
                .append(Files.readString(ctx.repoRoot().resolve(TRAINING_SCRIPT))).append('\n')
                .append(Runtime.version()).append('\n')
                .append(String.join(" ", jvmOptions)).append('\n');
        for (String name : APP_FILES) {
            if (!Files.exists(appDir.resolve(name))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(appDir.resolve(name))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    inputs.append(appDir.relativize(file)).append(' ').append(Files.size(file)).append(' ')
                            .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest(inputs.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
