package io.cdcfanout.faults;

import io.cdcfanout.fanout.apps.CarConsumer;
import io.cdcfanout.fanout.apps.LoanConsumer;
import io.cdcfanout.fanout.apps.LoanPaymentConsumer;
import io.cdcfanout.fanout.apps.ServiceConsumer;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.components.SchemaRegistry;
import java.util.List;

/**
 * One fault: what breaks, and how it is repaired.
 *
 * @param id the name on the command line and in the report
 * @param description one line for the table
 * @param inject breaks a component
 * @param recover starts it again; returns when it is ready
 */
record Fault(String id, String description, Step inject, Step recover) {

    /** One step of a fault, on the suite's stack. */
    @FunctionalInterface
    interface Step {
        void run(FaultStack stack) throws Exception;
    }

    /** {@code kill -9} of a component, then its start. */
    static Fault kill(String component) {
        return new Fault("kill-" + component, "kill -9 " + component + ", restart",
                stack -> stack.kill(component), stack -> stack.start(component));
    }

    /**
     * {@code kill -9} of the Flink cluster process that runs the routing job. The job's submitter ends with it; the
     * restart starts the cluster and submits the job again, which resumes from the offsets its consumer group committed
     * on the last checkpoint (events routed since are routed again: duplicates, not losses).
     */
    static Fault killFlink() {
        return new Fault("kill-flink", "kill -9 Flink (routing job), restart + resubmit", stack -> {
            stack.kill(FlinkCluster.NAME);
            // Only a client of the cluster: nothing to lose, and it could not cancel a job on a dead cluster anyway.
            stack.killIfRunning(RulesRoutingJob.NAME);
        }, stack -> stack.start(RulesRoutingJob.NAME));
    }

    /** PostgreSQL fast shutdown (SIGINT), then its start: the producer must answer 503, never 500, meanwhile. */
    static Fault restartPostgres() {
        return new Fault("restart-postgres", "PostgreSQL fast shutdown, restart",
                stack -> stack.stop(Postgres.NAME), stack -> stack.start(Postgres.NAME));
    }

    /** The schema registry stopped for a while (the run's rules have an Avro route), then started. */
    static Fault stopSchemaRegistry() {
        return new Fault("stop-schema-registry", "schema registry stopped, restart",
                stack -> stack.stop(SchemaRegistry.NAME), stack -> stack.start(SchemaRegistry.NAME));
    }

    /** {@code ./fanout down} (data kept) and {@code ./fanout up} in the middle of the load. */
    static Fault restartStack() {
        return new Fault("restart-stack", "whole stack down, up", FaultStack::down, FaultStack::up);
    }

    /** Every fault, in the order the suite injects them. */
    static List<Fault> all() {
        return List.of(kill(CarConsumer.NAME), kill(LoanConsumer.NAME), kill(LoanPaymentConsumer.NAME), kill(ServiceConsumer.NAME),
                kill(KafkaConnect.NAME), kill(Kafka.NAME), restartPostgres(), killFlink(), stopSchemaRegistry(), restartStack());
    }

    /** The faults {@code ./mvnw verify} injects: a consumer, Connect, the broker. */
    static List<Fault> ciSubset() {
        return List.of(kill(LoanConsumer.NAME), kill(KafkaConnect.NAME), kill(Kafka.NAME));
    }
}
