package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.ConsumerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: partitions are assigned (so the broker is reachable and the group joined) and the schema
 * registry, when last needed, answered. Liveness: no handler call has been running longer than
 * {@code cdcfanout.consumer.handler-timeout}. SmallRye's own Kafka checks run beside these.
 */
@ApplicationScoped
public class ConsumerHealthChecks {

    @Produces
    @Readiness
    @ApplicationScoped
    public HealthCheck readiness(ConsumerConfig config, @Identifier(PartitionAssignments.NAME) PartitionAssignments assignments, SchemaRegistryClient registry) {
        return () -> {
            int partitions = assignments.assigned().size();
            String registryProblem = registry.unavailable();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("cdcfanout-consumer")
                    .status(partitions > 0 && registryProblem == null)
                    .withData("topic", config.topic())
                    .withData("assignedPartitions", partitions);
            if (registryProblem != null) {
                response.withData("schemaRegistry", registryProblem);
            }
            return response.build();
        };
    }

    @Produces
    @Liveness
    @ApplicationScoped
    public HealthCheck liveness(ConsumerConfig config, HandlerWatch watch) {
        return () -> {
            Instant since = watch.runningSince();
            Duration running = since == null ? Duration.ZERO : Duration.between(since, Instant.now());
            boolean stuck = running.compareTo(config.handlerTimeout()) > 0;
            HealthCheckResponseBuilder response = HealthCheckResponse.named("cdcfanout-consumer-handler").status(!stuck);
            if (since != null) {
                response.withData("currentCallRunningMs", running.toMillis());
            }
            return response.build();
        };
    }
}
