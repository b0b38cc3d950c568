package io.cdcfanout.fanout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.fanout.pipeline.DeadLetters.DeadLetter;
import io.cdcfanout.fanout.pipeline.DeadLetters;
import io.cdcfanout.pipelinetarget.PipelineTarget;
import io.cdcfanout.localstack.StackException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "dlq", description = {
        "Dead letters of the routing job and the consumers: list, show, redrive (exactly once).",
        "Records the routing job (" + DeadLetters.ROUTING_DLQ + ") or a consumer (<topic>-dlq) could not handle: list shows",
        "them with reason and origin, show decodes one, redrive writes them back to their original topic.",
        "See docs/OPERATIONS.md (\"Dead letters\")."},
        subcommands = {DlqCommand.ListDeadLetters.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
final class DlqCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Where the dead letters are: the local stack, or --target. */
    static final class Where {
        @Option(names = "--target", paramLabel = "FILE", description = "The deployment described by this properties file instead of the local stack; see docs/OPERATIONS.md.")
        Path target;

        <T> T with(FanoutCommand fanout, Action<T> action) throws Exception {
            PipelineTarget where = KafkaTarget.resolve(target, fanout);
            try (Admin admin = KafkaTarget.admin(where)) {
                return action.run(new DeadLetters(admin, where.kafka()));
            } catch (DeadLetters.DeadLetterException e) {
                throw new StackException(e.getMessage());
            }
        }
    }

    interface Action<T> {
        T run(DeadLetters deadLetters) throws Exception;
    }

    @Command(name = "list", description = {
            "Without a topic: every dead-letter topic with its dead letters and how many are not re-driven yet.",
            "With a topic: one line per dead letter (partition, offset, time, event id and type, reason, cause, origin",
            "topic/partition/offset), re-driven ones marked."})
    static final class ListDeadLetters implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Mixin
        Where where;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DLQ_TOPIC", description = "A dead-letter topic.")
        String topic;

        @Override
        public Integer call() throws Exception {
            return where.with(dlq.parent, deadLetters -> {
                if (topic == null) {
                    List<DeadLetters.TopicSummary> summaries = deadLetters.summaries();
                    String format = "%-50s %12s %14s%n";
                    System.out.printf(format, "DEAD-LETTER TOPIC", "DEAD LETTERS", "NOT RE-DRIVEN");
                    summaries.forEach(s -> System.out.printf(format, s.topic(), s.deadLetters(), s.notRedriven()));
                    return 0;
                }
                List<DeadLetter> records = deadLetters.deadLetters(topic);
                Predicate<DeadLetter> redriven = deadLetters.redrivenFilter(topic);
                String format = "%-9s %-7s %-24s %-36s %-24s %-9s %-60s %-40s %s%n";
                System.out.printf(format, "PARTITION", "OFFSET", "TIMESTAMP", "EVENT ID", "EVENT TYPE", "RE-DRIVEN", "REASON", "CAUSE", "ORIGIN");
                long pending = 0;
                for (DeadLetter r : records) {
                    boolean done = redriven.test(r);
                    pending += done ? 0 : 1;
                    System.out.printf(format, r.partition(), r.offset(), r.timestamp(), r.eventId(), r.eventType(), done ? "yes" : "no",
                            shorten(r.reason(), 60), shorten(r.cause(), 40), r.origin());
                }
                System.out.println();
                System.out.println(records.size() + " dead letter(s), " + pending + " not re-driven. ./fanout dlq show " + topic
                        + " --offset P:O decodes one; ./fanout dlq redrive " + topic + " writes them back.");
                return 0;
            });
        }
    }

    @Command(name = "show", description = "One dead letter decoded: every header, the key and the value (JSON pretty-printed).")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Mixin
        Where where;

        @Parameters(index = "0", paramLabel = "DLQ_TOPIC", description = "A dead-letter topic.")
        String topic;

        @CommandLine.ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--offset", paramLabel = "P:O", description = "Partition and offset, as ./fanout dlq list shows them.")
            String offset;

            @Option(names = "--event-id", paramLabel = "ID", description = "The event id (the newest dead letter of it).")
            String eventId;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Position position = which.offset == null ? null : parseOffset(spec, which.offset);
            return where.with(dlq.parent, deadLetters -> {
                DeadLetter found = null;
                for (DeadLetter r : deadLetters.deadLetters(topic)) {
                    boolean match = position != null ? r.partition() == position.partition() && r.offset() == position.offset() : which.eventId.equals(r.eventId());
                    if (match) {
                        found = r;
                    }
                }
                if (found == null) {
                    throw new StackException("no dead letter " + (position != null ? "at " + which.offset : "of event " + which.eventId) + " on " + topic
                            + " (./fanout dlq list " + topic + ")");
                }
                boolean redriven = deadLetters.redrivenFilter(topic).test(found);
                System.out.println("topic:     " + topic);
                System.out.println("partition: " + found.partition());
                System.out.println("offset:    " + found.offset());
                System.out.println("timestamp: " + found.timestamp());
                System.out.println("re-driven: " + (redriven ? "yes" : "no"));
                System.out.println("key:       " + (found.key() == null ? "(null)" : text(found.key())));
                System.out.println("headers:");
                for (Header header : found.headers()) {
                    System.out.println("  " + header.key() + ": " + (header.value() == null ? "(null)" : text(header.value())));
                }
                System.out.println("value:");
                System.out.println(pretty(found.value()));
                return 0;
            });
        }
    }

    @Command(name = "redrive", description = {
            "Writes the selected dead letters to their original topic (or --to) with the same key and value and their",
            "original headers (the dead-letter headers removed). Exactly once across runs: each re-driven dead letter is",
            "recorded in <topic>" + DeadLetters.LEDGER_SUFFIX + " in the same Kafka transaction, and skipped by later runs.",
            "Without a selection, every dead letter not re-driven yet."})
    static final class Redrive implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Mixin
        Where where;

        @Parameters(index = "0", paramLabel = "DLQ_TOPIC", description = "A dead-letter topic.")
        String topic;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Only dead letters whose reason contains this text.")
        String reason;

        @Option(names = "--since", paramLabel = "ISO_TIME", description = "Only dead letters written at or after this time, e.g. 2026-01-31T12:00:00Z.")
        Instant since;

        @Option(names = "--event-id", paramLabel = "ID", description = "Only the dead letters of these events (repeatable).")
        List<String> eventIds = new ArrayList<>();

        @Option(names = "--to", paramLabel = "TOPIC", description = "Write to this topic instead of the original one, e.g. a consumer's topic for "
                + DeadLetters.ROUTING_DLQ + ".")
        String to;

        @Option(names = "--max", paramLabel = "N", description = "Re-drive at most N dead letters in this run; a later run goes on (default: all).")
        int max = Integer.MAX_VALUE;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (max < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max must be at least 1, not " + max);
            }
            if (reason != null && reason.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--reason must not be blank");
            }
            Predicate<DeadLetter> selected = r -> (reason == null || (r.reason() != null && r.reason().contains(reason)))
                    && (since == null || !r.timestamp().isBefore(since))
                    && (eventIds.isEmpty() || eventIds.contains(r.eventId()));
            return where.with(dlq.parent, deadLetters -> {
                DeadLetters.RedriveResult result = deadLetters.redrive(topic, selected, to, max);
                System.out.println("Re-driven " + result.redriven() + " dead letter(s) of " + topic + (to != null ? " to " + to : " to their original topic")
                        + "; skipped " + result.skipped() + " re-driven before"
                        + (result.remaining() > 0 ? "; " + result.remaining() + " left for the next run (--max)" : "") + ".");
                return 0;
            });
        }
    }

    record Position(int partition, long offset) {}

    /** {@code P:O} as partition and offset; a usage error (exit 2) otherwise. */
    static Position parseOffset(CommandLine.Model.CommandSpec spec, String value) {
        String[] parts = value.split(":", -1);
        try {
            if (parts.length == 2) {
                int partition = Integer.parseInt(parts[0]);
                long offset = Long.parseLong(parts[1]);
                if (partition >= 0 && offset >= 0) {
                    return new Position(partition, offset);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--offset must be PARTITION:OFFSET, e.g. 0:42, not '" + value + "'");
    }

    private static String shorten(String value, int max) {
        if (value == null) {
            return "-";
        }
        String line = value.replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private static String text(byte[] bytes) {
        try {
            // newDecoder() reports malformed input, where new String(...) would replace it silently.
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "(binary, hex) " + HexFormat.of().formatHex(bytes);
        }
    }

    private static String pretty(byte[] value) {
        if (value == null) {
            return "(null)";
        }
        ObjectMapper json = new ObjectMapper();
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(value));
        } catch (IOException e) {
            return "(not JSON, " + value.length + " bytes) " + text(value);
        }
    }
}
