package io.cdcfanout.routingjob;

import io.cdcfanout.routingjob.avro.EventAvroFunction;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratedSql;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import io.cdcfanout.routingrules.sql.KafkaProperties;
import io.cdcfanout.routingrules.sql.SqlGenerator;
import io.cdcfanout.routingrules.sql.SqlTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the routing SQL as one Flink job.
 *
 * <ul>
 *   <li>{@code flink run routing-job-<version>-job.jar}: on the cluster of {@code flink run},
 *       with the committed SQL packed into the jar;</li>
 *   <li>{@code --flink-rest-url http://host:8082} (or {@code FLINK_REST_URL}): submits to that
 *       session cluster, as the local stack does; {@code --wait} keeps this process alive while
 *       the job runs and cancels the job when the process is stopped.</li>
 * </ul>
 * The source resumes from the consumer group's offsets, committed on every checkpoint, so a new
 * submission continues where the previous one stopped instead of replaying the topic.
 */
@Command(name = "routing-job", mixinStandardHelpOptions = true, description = "Submit the cdc-fanout routing job to Flink.")
public final class RoutingJob implements Callable<Integer> {

    /** Name of the Flink job, as shown by the Flink REST API and UI. */
    public static final String JOB_NAME = "cdc-fanout-routing";

    private static final Pattern SET_STATEMENT = Pattern.compile("SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'");
    private static final Pattern ENV_VARIABLE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}");

    /** Variable of {@link #submit} with the Kafka bootstrap servers, the {@code ${…}} placeholder of the connector DDL. */
    public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

    /** Variable of {@link #submit} with the schema registry's Confluent API URL, passed to the Avro functions as a job parameter. */
    public static final String REGISTRY_VARIABLE = "SCHEMA_REGISTRY_URL";

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8085/apis/ccompat/v7}",
            description = "Schema registry (Confluent API) for rules with outputFormat avro (default: $SCHEMA_REGISTRY_URL or ${DEFAULT-VALUE}).")
    String schemaRegistryUrl;

    @Option(names = "--flink-rest-url", defaultValue = "${env:FLINK_REST_URL}",
            description = "REST URL of a Flink session cluster to submit to; without it, the cluster of `flink run`.")
    String flinkRestUrl;

    @Option(names = "--rules", description = "Generate the SQL from this rules file instead of running the committed SQL.")
    Path rules;

    @Option(names = "--exactly-once", description = "Transactional sinks (latency: one checkpoint interval); default at-least-once.")
    boolean exactlyOnce;

    /** How often the job checkpoints and commits offsets unless {@code --checkpoint-interval} says otherwise. */
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "10s";

    @Option(names = "--checkpoint-interval", defaultValue = DEFAULT_CHECKPOINT_INTERVAL, description = "Checkpoint and offset commit interval (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--parallelism", defaultValue = "1", description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--jar", description = "Job jar to ship to a --flink-rest-url cluster (default: this jar, when run from the job jar).")
    Path jar;

    @Option(names = "--wait", description = "Stay alive while the job runs; cancel it when this process is stopped.")
    boolean await;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property for the source and every sink, e.g. security.protocol=SASL_SSL (repeatable; "
                    + "overrides --kafka-properties). $${env:NAME} in the value is replaced by that environment variable.")
    List<String> kafkaPropertyArgs = new ArrayList<>();

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "A Java properties file of Kafka client properties (SASL, TLS…), values $${env:NAME}-resolved: secrets stay off the command line.")
    Path kafkaPropertiesFile;

    public static void main(String[] args) {
        int code = new CommandLine(new RoutingJob()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        GeneratedSql sql;
        if (rules != null) {
            RuleSet ruleSet = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(rules);
            sql = new SqlGenerator(SqlTarget.FLINK, GeneratorOptions.defaults().withExactlyOnce(exactlyOnce)).generate(ruleSet);
        } else if (exactlyOnce) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--exactly-once needs --rules: the committed SQL is at-least-once");
        } else {
            sql = committedSql();
        }
        Map<String, String> kafkaProperties;
        try {
            kafkaProperties = kafkaProperties(kafkaPropertyArgs, kafkaPropertiesFile, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
        Submission submission = submit(sql, Map.of(BOOTSTRAP_VARIABLE, bootstrapServers, REGISTRY_VARIABLE, schemaRegistryUrl), kafkaProperties,
                flinkConfiguration(flinkRestUrl, TimeUtils.parseDuration(checkpointInterval), parallelism, jar != null || flinkRestUrl == null || flinkRestUrl.isBlank() ? jar : ownJar()));
        System.out.println("Submitted " + JOB_NAME + " as job " + submission.client().getJobID());
        if (await) {
            awaitTermination(submission.client());
        }
        return 0;
    }

    /**
     * The Kafka client properties of {@code --kafka-properties} and {@code --kafka-property} (which wins), with
     * {@code ${env:NAME}} in values replaced from {@code env}.
     *
     * @throws IllegalArgumentException for an argument without {@code =}, an unreadable file, or a variable that is not set
     */
    static Map<String, String> kafkaProperties(List<String> keyValues, Path file, Map<String, String> env) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (file != null) {
            Properties loaded = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                loaded.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-properties " + file + ": " + e.getMessage(), e);
            }
            loaded.stringPropertyNames().stream().sorted().forEach(key -> properties.put(key, loaded.getProperty(key)));
        }
        for (String keyValue : keyValues) {
            int equals = keyValue.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--kafka-property '" + keyValue + "' is not KEY=VALUE");
            }
            properties.put(keyValue.substring(0, equals).strip(), keyValue.substring(equals + 1));
        }
        properties.replaceAll((key, value) -> resolveEnv(key, value, env));
        return properties;
    }

    private static String resolveEnv(String key, String value, Map<String, String> env) {
        Matcher variable = ENV_VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            String text = env.get(variable.group(1));
            if (text == null) {
                throw new IllegalArgumentException("Kafka property '" + key + "' uses ${env:" + variable.group(1) + "}, which is not set");
            }
            variable.appendReplacement(resolved, Matcher.quoteReplacement(text));
        }
        return variable.appendTail(resolved).toString();
    }

    /**
     * The job jar this class was loaded from, or null (classes directory): shipped to a remote cluster,
     * which needs its Kafka connector and Avro functions.
     */
    static Path ownJar() {
        try {
            Path location = Path.of(RoutingJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The SQL committed under {@code flink-jobs/generated/flink}, packed into this jar. */
    public static GeneratedSql committedSql() {
        return new GeneratedSql(SqlTarget.FLINK, resource(GeneratedSql.CONNECTORS_FILE), resource(GeneratedSql.ROUTING_FILE));
    }

    /**
     * Flink settings of the job.
     *
     * @param restUrl a session cluster to submit to, or null for the context of {@code flink run}
     * @param jar the job jar to ship, or null
     */
    public static Configuration flinkConfiguration(String restUrl, Duration checkpointInterval, int parallelism, Path jar) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.NAME, JOB_NAME);
        config.setString("parallelism.default", Integer.toString(parallelism));
        config.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        // The SQL operators never keep a record after passing it on, so the chained ones (source, Calcs, UNNEST,
        // sink) can hand records over without copying each one.
        config.set(PipelineOptions.OBJECT_REUSE, true);
        if (restUrl != null && !restUrl.isBlank()) {
            URI uri = URI.create(restUrl);
            config.set(DeploymentOptions.TARGET, "remote");
            config.set(RestOptions.ADDRESS, uri.getHost());
            config.set(RestOptions.PORT, uri.getPort());
            config.set(DeploymentOptions.ATTACHED, false);
        }
        if (jar != null) {
            config.set(PipelineOptions.JARS, List.of(jar.toUri().toString()));
        }
        return config;
    }

    /** Creates the tables and submits the statement set, without extra Kafka properties. */
    public static Submission submit(GeneratedSql sql, Map<String, String> variables, Configuration config) {
        return submit(sql, variables, Map.of(), config);
    }

    /**
     * Creates the tables, with these Kafka client properties on every Kafka table, and submits the statement set.
     *
     * @param variables values of the {@code ${NAME}} placeholders of the connector DDL; {@link #REGISTRY_VARIABLE}
     *     also becomes the job parameter of the Avro functions
     * @param kafkaProperties e.g. {@code security.protocol}, {@code sasl.jaas.config} (see {@link KafkaProperties})
     */
    public static Submission submit(GeneratedSql sql, Map<String, String> variables, Map<String, String> kafkaProperties, Configuration config) {
        if (variables.containsKey(REGISTRY_VARIABLE)) {
            Map<String, String> parameters = new HashMap<>(config.getOptional(PipelineOptions.GLOBAL_JOB_PARAMETERS).orElse(Map.of()));
            parameters.put(EventAvroFunction.REGISTRY_URL_PARAMETER, variables.get(REGISTRY_VARIABLE));
            config.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
        }
        // getExecutionEnvironment() outside `flink run` would start a local MiniCluster and ignore
        // execution.target; the plain constructor honours it.
        StreamExecutionEnvironment env = "remote".equals(config.get(DeploymentOptions.TARGET))
                ? new StreamExecutionEnvironment(config)
                : StreamExecutionEnvironment.getExecutionEnvironment(config);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(config).build());
        for (String statement : GeneratedSql.statements(KafkaProperties.addTo(fill(sql.connectors(), variables), kafkaProperties))) {
            tables.executeSql(statement);
        }
        TableResult result = null;
        // The routing script: planner options, the view, then the statement set, which submits the job.
        for (String statement : GeneratedSql.statements(sql.routing())) {
            result = execute(tables, statement);
        }
        JobClient client = Objects.requireNonNull(result, "no statements").getJobClient()
                .orElseThrow(() -> new IllegalStateException("the routing SQL submitted no job"));
        return new Submission(client);
    }

    /**
     * Runs one statement of a routing script. {@code SET 'key' = 'value'} (which the SQL client
     * understands but {@code executeSql} refuses) sets that option of this table environment.
     *
     * @return the result of the statement; null for a {@code SET}
     */
    static TableResult execute(TableEnvironment tables, String statement) {
        Matcher set = SET_STATEMENT.matcher(statement);
        if (set.matches()) {
            tables.getConfig().set(set.group(1).replace("''", "'"), set.group(2).replace("''", "'"));
            return null;
        }
        return tables.executeSql(statement);
    }

    /** Replaces {@code ${NAME}} in the connector DDL; values become the contents of string literals. */
    static String fill(String ddl, Map<String, String> variables) {
        String filled = ddl;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            filled = filled.replace("${" + variable.getKey() + "}", variable.getValue().replace("'", "''"));
        }
        return filled;
    }

    private static void awaitTermination(JobClient client) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread cancel = new Thread(() -> {
            if (done.getCount() > 0) {
                try {
                    // Offsets of the last checkpoint are committed: the next submission resumes there.
                    client.cancel().get();
                    System.out.println("Cancelled job " + client.getJobID());
                } catch (Exception e) {
                    System.err.println("Could not cancel job " + client.getJobID() + ": " + e);
                }
            }
        }, "cancel-routing-job");
        Runtime.getRuntime().addShutdownHook(cancel);
        JobStatus status = client.getJobExecutionResult().handle((r, e) -> e == null ? JobStatus.FINISHED : JobStatus.FAILED).get();
        done.countDown();
        System.out.println("Job " + client.getJobID() + " ended: " + status);
    }

    private static String resource(String name) {
        String path = "/generated/" + SqlTarget.FLINK.dirName() + "/" + name;
        try (InputStream in = RoutingJob.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path + ": build flink-jobs/routing-job");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A submitted routing job. */
    public record Submission(JobClient client) {}
}
