package io.cdcfanout.fanout.cli;

import io.cdcfanout.fanout.pipeline.ConsumerReplay;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "replay", description = {
        "Moves a consumer group's committed offsets back to a point in time, so the",
        "consumer handles those records again. A dry run unless --execute: prints, per",
        "partition, the committed offset, the target offset and how many records will",
        "be handled again. Refused while the group has members (stop every instance of",
        "the consumer first); never moves a partition forward.",
        "Exit code: 0 planned or done; 1 refused or failed; 2 bad arguments.",
        "See docs/OPERATIONS.md (\"Replay a consumer\")."})
final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "The consumer group (an example consumer's group is its name, e.g. loan-consumer).")
    String group;

    @Option(names = "--to", required = true, paramLabel = "WHEN", description = "earliest; an ISO-8601 date-time with zone, "
            + "2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00 (without a zone: refused); or a duration back from now: "
            + "-90s, -30m, -2h, -7d. Each partition goes back to its first record whose timestamp is at or after that time "
            + "(to its end when there is none).")
    String to;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this topic (default: every topic the group has committed offsets for).")
    String topic;

    @Option(names = "--execute", description = "Commit the new offsets (default: only print the plan).")
    boolean execute;

    @Option(names = "--target", paramLabel = "FILE", description = "The deployment described by this properties file instead of the local stack (as ./fanout status --target).")
    Path target;

    @Override
    public Integer call() throws Exception {
        ConsumerReplay.Point point;
        try {
            point = ConsumerReplay.Point.parse(to, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PipelineTarget where = KafkaTarget.resolve(target, parent);
        try (Admin admin = KafkaTarget.admin(where)) {
            List<ConsumerReplay.Move> moves = ConsumerReplay.plan(admin, group, topic, point);
            int width = Math.max(40, moves.stream().mapToInt(m -> m.partition().topic().length()).max().orElse(0));
            String format = "%-" + width + "s %9s %12s %12s %10s%n";
            System.out.printf(format, "TOPIC", "PARTITION", "COMMITTED", "TARGET", "AGAIN");
            moves.forEach(m -> System.out.printf(format, m.partition().topic(), m.partition().partition(), m.committed(), m.target(), m.again()));
            long again = moves.stream().mapToLong(ConsumerReplay.Move::again).sum();
            System.out.println();
            System.out.println("Total: " + again + " record(s) to handle again in " + moves.size() + " partition(s) of consumer group " + group
                    + ", from " + point + ".");
            if (!execute) {
                System.out.println("Dry run: nothing changed. Add --execute to move the offsets.");
                return 0;
            }
            ConsumerReplay.apply(admin, group, moves);
            System.out.println("Offsets of consumer group " + group + " moved. Start the consumer again: it handles these " + again
                    + " record(s) again: the handler sees each of them (the SDK's in-memory dedupe, cdcfanout.consumer.dedupe.*, is empty"
                    + " after a restart, and off in the example consumers). The example consumers find each event id in their handled_event"
                    + " table and leave their view unchanged (nothing is counted twice, and nothing is rebuilt). A handler of your own must be"
                    + " idempotent by event id.");
        } catch (ConsumerReplay.RefusedException e) {
            System.err.println("fanout: " + e.getMessage());
            if (e.groupActive() && target == null) {
                // An example consumer's component is named like its group; any other group gets the general form.
                String consumer = parent.stack(false).componentNames().contains(group) ? group : "COMPONENT";
                System.err.println("    On the local stack: ./fanout down " + consumer + " stops that consumer alone (data kept, the rest"
                        + " keeps running), then the replay, then ./fanout up " + consumer + " starts it again.");
            }
            return FanoutCommand.FAILED;
        }
        return 0;
    }
}
