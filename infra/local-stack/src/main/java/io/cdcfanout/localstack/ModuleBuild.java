package io.cdcfanout.localstack;

import io.cdcfanout.localstack.process.LogTail;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds, with the checkout's {@code ./mvnw}, the modules of the components about to start that are not built yet,
 * printing each module as Maven starts it: a first run on an empty Maven cache takes minutes.
 */
final class ModuleBuild {

    /**
     * Maven's line as it starts a module of the reactor, the counter padded to column 72:
     * {@code [INFO] Building cdc-fanout :: sdk :: events 0.1.0-SNAPSHOT           [3/12]}.
     */
    static final Pattern MODULE_STARTED = Pattern.compile("^\\[INFO\\] Building (.+?) \\S+ +\\[(\\d+)/(\\d+)\\]$");

    private final StackOptions options;
    private final Map<String, Component> components;
    private final StackContext ctx;

    ModuleBuild(StackOptions options, Map<String, Component> components, StackContext ctx) {
        this.options = options;
        this.components = components;
        this.ctx = ctx;
    }

    void buildMissing(List<String> toStart) throws StackException {
        Set<String> modules = new LinkedHashSet<>();
        for (String name : toStart) {
            Component component = components.get(name);
            if (!component.isBuilt(ctx)) {
                modules.addAll(component.buildModules());
            }
        }
        if (modules.isEmpty()) {
            return;
        }
        if (!options.buildMissing()) {
            throw new StackException("not built yet: " + String.join(", ", modules) + "; run ./mvnw install -DskipTests first");
        }
        Path log = ctx.logFile("build");
        options.out().println("Building " + String.join(", ", modules) + " (first run only; output in " + log + ")…");
        // No tests run, no javadoc or sources jars (the SDK attaches both): only what the components run. As many
        // modules at once as there are cores (-T 1C): a first build mostly waits for downloads, and the apps are independent.
        // -Dfanout.noRuntimes: "-am" leaves out the infrastructure's runtimes that local-stack only orders the reactor by;
        // the components that need one name it in buildModules().
        List<String> command = List.of(options.repoRoot().resolve("mvnw").toString(), "-B", "-T", "1C", "-DskipTests",
                "-Dmaven.javadoc.skip=true", "-Dmaven.source.skip=true", "-Dfanout.noRuntimes", "install", "-pl", String.join(",", modules), "-am");
        long began = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            long offset = Files.exists(log) ? Files.size(log) : 0;
            CompletableFuture<Integer> build = CompletableFuture.supplyAsync(() -> {
                try {
                    return ProcessSupervisor.run(command, options.repoRoot(), Map.of(), log, Duration.ofMinutes(30));
                } catch (IOException e) {
                    throw new CompletionException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            });
            Integer exit = null;
            while (exit == null) {
                try {
                    exit = build.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException stillBuilding) {
                    // report below
                }
                offset = reportModulesStarted(log, offset, began);
            }
            if (exit != 0) {
                throw new StackException("the build failed (exit " + exit + "); see " + log, LogTail.of(log, 20), null);
            }
            options.out().printf("  built in %.0f s%n", (System.nanoTime() - began) / 1e9);
        } catch (IOException e) {
            throw new StackException("could not run the build: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while building");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StackException("could not run the build: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Prints the modules Maven started since {@code offset} of the log; returns the new offset. */
    private long reportModulesStarted(Path log, long offset, long began) throws IOException {
        if (!Files.exists(log)) {
            return offset;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return offset;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 8 << 20)];
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n') + 1;
            for (String line : text.substring(0, complete).split("\n")) {
                Matcher module = MODULE_STARTED.matcher(line.strip());
                if (module.matches()) {
                    options.out().printf("  %4.0f s  building %s/%s %s%n", (System.nanoTime() - began) / 1e9,
                            module.group(2), module.group(3), module.group(1));
                }
            }
            return offset + text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
