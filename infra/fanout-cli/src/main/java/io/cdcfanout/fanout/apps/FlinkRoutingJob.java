package io.cdcfanout.fanout.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Http;
import io.cdcfanout.localstack.components.JavaCommand;
import io.cdcfanout.localstack.components.Kafka;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing job (flink-jobs/routing-job) on the stack's Flink session cluster. Its process
 * submits the committed routing SQL and stays alive while the job runs; stopping it cancels the
 * job, whose consumer group offsets let the next start resume where this one stopped. Ready when
 * the cluster reports the job RUNNING.
 */
public final class FlinkRoutingJob implements Component {

    public static final String NAME = "routing-job";
    /** The Flink job name the routing job submits under. */
    public static final String JOB_NAME = "cdc-fanout-routing";
    /**
     * Names a rules file whose SQL the job generates and runs instead of the committed SQL of
     * flink-jobs/routing-rules.yaml: to try rules before committing them.
     */
    public static final String RULES_VARIABLE = "FANOUT_ROUTING_RULES";
    private static final String MODULE = "flink-jobs/routing-job";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Flink routing job (generated SQL of flink-jobs/routing-rules.yaml)";
    }

    @Override
    public List<String> dependsOn() {
        return List.of(Kafka.NAME, FlinkCluster.NAME);
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of();
    }

    @Override
    public List<String> buildModules() {
        return List.of(MODULE);
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return ctx.hasModuleClasspath(MODULE) && functionsJar(ctx).isPresent();
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) throws StackException {
        List<String> arguments = new ArrayList<>(List.of("--wait"));
        String rules = ctx.options().environment().get(RULES_VARIABLE);
        if (rules != null && !rules.isBlank()) {
            Path file = Path.of(rules).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new StackException(RULES_VARIABLE + "=" + rules + " is not a file");
            }
            arguments.addAll(List.of("--rules", file.toString()));
        }
        // The session cluster has the Kafka connector but not the job's own functions (ROUTE_EVENT, which every
        // SQL of JSON rules calls, and the Avro ones): ship those.
        Path functions = functionsJar(ctx).orElseThrow(() -> new StackException("no routing-job-*-functions.jar in " + MODULE
                + "/target: the job's SQL calls its functions; build it with ./mvnw package -pl " + MODULE + " -am"));
        arguments.addAll(List.of("--jar", functions.toString()));
        List<String> command = JavaCommand.of(ctx).heap("384m")
                .classpath(ctx.moduleClasspath(MODULE))
                .main("io.cdcfanout.routingjob.RoutingJob", arguments.toArray(String[]::new));
        return ProcessSpec.of(command, ctx.componentDir(NAME));
    }

    private static Optional<Path> functionsJar(StackContext ctx) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(ctx.repoRoot().resolve(MODULE).resolve("target"), "routing-job-*-functions.jar")) {
            Iterator<Path> found = jars.iterator();
            return found.hasNext() ? Optional.of(found.next()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Planning every rule's statements and starting the job's tasks in the session cluster took
     * over 120 s on a saturated 2-core machine (CI's FaultsIT, load average 25).
     */
    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(300);
    }

    @Override
    public boolean isReady(StackContext ctx) {
        try {
            Http.Response response = Http.get(FlinkCluster.url(ctx) + "/jobs/overview");
            if (!response.ok()) {
                return false;
            }
            for (JsonNode job : new ObjectMapper().readTree(response.body()).path("jobs")) {
                if (JOB_NAME.equals(job.path("name").asText()) && "RUNNING".equals(job.path("state").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String address(StackContext ctx) {
        return FlinkCluster.url(ctx) + "/#/job/running";
    }
}
