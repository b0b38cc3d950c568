package io.cdcfanout.faults;

import io.cdcfanout.fanout.apps.FlinkRoutingJob;
import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.SchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's routing job, but with the SQL generated from the fault suite's rules file ({@value #RULES_VARIABLE})
 * instead of the committed SQL: the suite adds an Avro route, so that stopping the schema registry is a fault the
 * pipeline feels. Replaces {@link FlinkRoutingJob} in the fault suite's stack (same Flink job name and consumer group,
 * so it resumes from the same offsets).
 */
public final class RulesRoutingJob implements Component {

    public static final String NAME = "rules-routing-job";
    /** Stack environment variable naming the rules file. */
    public static final String RULES_VARIABLE = "FAULTS_ROUTING_RULES";

    private final FlinkRoutingJob job = new FlinkRoutingJob();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Flink routing job (SQL generated from $" + RULES_VARIABLE + ")";
    }

    @Override
    public List<String> dependsOn() {
        List<String> dependencies = new ArrayList<>(job.dependsOn());
        // Avro routes register their schemas there; its URL reaches the job through the stack's environment.
        dependencies.add(SchemaRegistry.NAME);
        return dependencies;
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return job.defaultPorts();
    }

    @Override
    public List<String> buildModules() {
        return job.buildModules();
    }

    @Override
    public boolean isBuilt(StackContext ctx) {
        return job.isBuilt(ctx);
    }

    @Override
    public void preflight(StackContext ctx) throws StackException {
        rules(ctx);
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) throws Exception {
        ProcessSpec spec = job.prepare(ctx);
        List<String> command = new ArrayList<>(spec.command());
        command.addAll(List.of("--rules", rules(ctx).toString()));
        return new ProcessSpec(command, spec.environment(), spec.workingDirectory());
    }

    @Override
    public boolean isReady(StackContext ctx) {
        return job.isReady(ctx);
    }

    @Override
    public String address(StackContext ctx) {
        return job.address(ctx);
    }

    @Override
    public Duration startTimeout() {
        return job.startTimeout();
    }

    private static Path rules(StackContext ctx) throws StackException {
        String file = ctx.options().environment().get(RULES_VARIABLE);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new StackException(NAME + " needs " + RULES_VARIABLE + " set to a rules file, got " + file);
        }
        return Path.of(file).toAbsolutePath();
    }
}
