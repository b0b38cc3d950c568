package io.cdcfanout.fanout.cli;

import io.cdcfanout.fanout.pipeline.ParkedRecords;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.Kafka;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "parked", description = {
        "Lists the records Kafka Connect parked on " + ParkedRecords.TOPIC + " because they were too large to publish",
        "and that are not yet acknowledged: partition, offset, event id and type, size, reason. The events themselves",
        "stay in PostgreSQL (business_event). See docs/OPERATIONS.md (\"Parked records\")."},
        subcommands = {ParkedCommand.Redrive.class, ParkedCommand.Ack.class})
final class ParkedCommand implements Callable<Integer> {

    /** What the producer API keeps free below the record limit for key, headers and envelope. */
    static final int HEADROOM_BYTES = 65536;

    @ParentCommand
    FanoutCommand parent;

    @Override
    public Integer call() throws Exception {
        PipelineTarget target = KafkaTarget.local(parent.stack(false));
        try (Admin admin = KafkaTarget.admin(target)) {
            List<ParkedRecords.Entry> entries = ParkedRecords.unhandled(admin, target.kafka());
            if (entries.isEmpty()) {
                System.out.println("No unhandled parked records.");
                return 0;
            }
            String format = "%-10s %-8s %-38s %-24s %12s %s%n";
            System.out.printf(format, "PARTITION", "OFFSET", "EVENT ID", "EVENT TYPE", "BYTES", "REASON");
            entries.forEach(e -> System.out.printf(format, e.partition(), e.offset(), e.eventId(), e.eventType(), e.recordBytes(), e.reason()));
            System.out.println();
            System.out.println(entries.size() + " unhandled parked record(s). Fix the cause, then ./fanout parked redrive --event-id <id> for each;"
                    + " ./fanout parked ack marks them handled.");
        }
        return 0;
    }

    @Command(name = "redrive", description = {
            "Writes the outbox record of a stored event (business_event) again, in one transaction as the producer API does,",
            "so Kafka Connect captures it once more; consumers deduplicate by event id. Refused while the stored event is",
            "larger than the producer API's budget (recordMaxBytes of infra/kafka/topics.json less 64 KiB): it would be",
            "parked again."})
    static final class Redrive implements Callable<Integer> {

        @ParentCommand
        ParkedCommand parked;

        @Option(names = "--event-id", required = true, paramLabel = "UUID", description = "The event to re-drive (EVENT ID of ./fanout parked).")
        String eventId;

        @Override
        public Integer call() throws Exception {
            UUID id;
            try {
                id = UUID.fromString(eventId);
            } catch (IllegalArgumentException e) {
                throw new StackException("--event-id must be a UUID (EVENT ID of ./fanout parked), not '" + eventId + "'");
            }
            Stack stack = parked.parent.stack(false);
            PipelineTarget target = KafkaTarget.local(stack);
            if (target.jdbcUrl().isEmpty()) {
                throw new StackException("PostgreSQL is not running; ./fanout up starts it");
            }
            long budget = Kafka.recordMaxBytes(stack.context().repoRoot()) - HEADROOM_BYTES;
            try {
                UUID outboxId = ParkedRecords.redrive(target.jdbcUrl(), target.dbUser(), target.dbPassword(), id, budget);
                System.out.println("Event " + id + " re-driven (outbox row " + outboxId + "): Kafka Connect publishes it to raw-business-events."
                        + " Once every parked record is settled, ./fanout parked ack.");
            } catch (ParkedRecords.RedriveException e) {
                throw new StackException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "ack", description = {
            "Marks every record parked so far as handled, after re-driving or settling them: ./fanout status stops",
            "reporting them. The records stay on the topic until its retention ends."})
    static final class Ack implements Callable<Integer> {

        @ParentCommand
        ParkedCommand parked;

        @Override
        public Integer call() throws Exception {
            PipelineTarget target = KafkaTarget.local(parked.parent.stack(false));
            try (Admin admin = KafkaTarget.admin(target)) {
                long acknowledged = ParkedRecords.acknowledge(admin);
                System.out.println(acknowledged == 0 ? "No unhandled parked records."
                        : "Marked " + acknowledged + " parked record(s) as handled (consumer group " + ParkedRecords.HANDLED_GROUP + ").");
            }
            return 0;
        }
    }
}
