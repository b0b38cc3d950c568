package io.cdcfanout.pipelinetarget;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the pipeline runs: the addresses and credentials of its parts, read from a target file (the same file for
 * {@code ./fanout status|dlq|replay|backfill --target} and {@code load-test/verify --target}) or made by
 * {@code ./fanout} for the local stack.
 *
 * @param kafka Kafka client properties (at least {@code bootstrap.servers}; SASL/TLS settings as needed)
 * @param connectUrl Kafka Connect REST URL, or empty
 * @param jdbcUrl the captured database, or empty
 * @param dbUser database user
 * @param dbPassword database password
 * @param flinkUrl Flink REST URL, or empty
 * @param schemaRegistryUrl the schema registry's Confluent-compatible API, or empty
 * @param health application health URLs by name: base URLs of where each app serves {@code /q/*}, its
 *     management interface when it has one ({@code /q/health/ready} is appended)
 * @param walWarningBytes retained WAL above which a replication slot is reported as a warning
 */
public record PipelineTarget(
        Map<String, Object> kafka,
        String connectUrl,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        String flinkUrl,
        String schemaRegistryUrl,
        Map<String, String> health,
        long walWarningBytes) {

    /** Default warning threshold for retained WAL: 1 GiB. */
    public static final long DEFAULT_WAL_WARNING_BYTES = 1L << 30;

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * A remote deployment. Keys: {@code kafka.<client property>} (e.g. {@code kafka.bootstrap.servers},
     * {@code kafka.security.protocol}), {@code connect.url}, {@code db.jdbc-url}, {@code db.user},
     * {@code db.password}, {@code flink.url}, {@code schema-registry.url} (its Confluent-compatible API),
     * {@code health.<name>=<base URL of the app's /q/*>} (the
     * producer's management interface, port 9081, not its API port),
     * {@code wal.warning-bytes}. Values may read the environment as {@code ${env:NAME}}, so
     * credentials stay out of the file.
     */
    public static PipelineTarget load(Path file, Map<String, String> environment) throws InvalidTargetException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new InvalidTargetException("cannot read the target file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, resolve(file, key, properties.getProperty(key).trim(), environment));
        }
        Map<String, Object> kafka = new LinkedHashMap<>();
        Map<String, String> health = new LinkedHashMap<>();
        long walWarning = DEFAULT_WAL_WARNING_BYTES;
        for (var entry : values.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), entry.getValue());
            } else if (key.startsWith("health.")) {
                health.put(key.substring("health.".length()), entry.getValue());
            } else if (key.equals("wal.warning-bytes")) {
                try {
                    walWarning = Long.parseLong(entry.getValue());
                } catch (NumberFormatException e) {
                    throw new InvalidTargetException(file + ": wal.warning-bytes='" + entry.getValue() + "' is not a number of bytes");
                }
            } else if (!Map.of("connect.url", 1, "db.jdbc-url", 1, "db.user", 1, "db.password", 1, "flink.url", 1, "schema-registry.url", 1)
                    .containsKey(key)) {
                throw new InvalidTargetException(file + ": unknown key '" + key + "' (allowed: kafka.*, connect.url, db.jdbc-url, db.user, db.password, flink.url,"
                        + " schema-registry.url, health.*, wal.warning-bytes)");
            }
        }
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new InvalidTargetException(file + ": kafka.bootstrap.servers is required");
        }
        return new PipelineTarget(kafka, values.getOrDefault("connect.url", ""), values.getOrDefault("db.jdbc-url", ""),
                values.getOrDefault("db.user", ""), values.getOrDefault("db.password", ""), values.getOrDefault("flink.url", ""),
                values.getOrDefault("schema-registry.url", ""), health, walWarning);
    }

    private static String resolve(Path file, String key, String value, Map<String, String> environment) throws InvalidTargetException {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String variable = environment.get(matcher.group(1));
            if (variable == null) {
                throw new InvalidTargetException(file + ": " + key + " reads ${env:" + matcher.group(1) + "}, which is not set");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(variable));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
