package io.cdcfanout.localstack.components;

import io.cdcfanout.localstack.StackContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of a component that runs in its own JVM. */
public final class JavaCommand {

    private static final String LOG4J2_CONFIG = """
            # Written by the cdc-fanout local stack: every JVM component logs to stdout, which the
            # stack appends to .fanout/logs/<component>.log.
            status = warn
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = %d{ISO8601} %-5p [%c{1.}] %m%n
            rootLogger.level = info
            rootLogger.appenderRef.console.ref = console
            logger.kafka-network.name = kafka.network.RequestChannel$
            logger.kafka-network.level = warn
            logger.clients.name = org.apache.kafka.clients
            logger.clients.level = warn
            logger.flink-akka.name = org.apache.pekko
            logger.flink-akka.level = warn
            """;

    private final List<String> command = new ArrayList<>();

    private JavaCommand(StackContext ctx) {
        command.add(ctx.java().toString());
        command.add("-Dlog4j2.configurationFile=" + log4jConfig(ctx));
    }

    public static JavaCommand of(StackContext ctx) {
        return new JavaCommand(ctx);
    }

    /** Maximum heap, e.g. {@code 512m}. */
    public JavaCommand heap(String max) {
        command.add("-Xmx" + max);
        return this;
    }

    public JavaCommand option(String jvmOption) {
        command.add(jvmOption);
        return this;
    }

    public JavaCommand property(String key, Object value) {
        command.add("-D" + key + "=" + value);
        return this;
    }

    public JavaCommand classpath(String classpath) {
        command.add("-cp");
        command.add(classpath);
        return this;
    }

    /** The finished command: main class and its arguments. */
    public List<String> main(String mainClass, String... args) {
        List<String> result = new ArrayList<>(command);
        result.add(mainClass);
        result.addAll(List.of(args));
        return result;
    }

    /** The finished command: an executable jar and its arguments. */
    public List<String> jar(Path jar, String... args) {
        List<String> result = new ArrayList<>(command);
        result.add("-jar");
        result.add(jar.toString());
        result.addAll(List.of(args));
        return result;
    }

    private static Path log4jConfig(StackContext ctx) {
        Path file = ctx.options().stateDir().resolve("log4j2.properties");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, LOG4J2_CONFIG);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
