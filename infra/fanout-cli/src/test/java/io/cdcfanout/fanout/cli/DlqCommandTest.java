package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option validation of {@code ./fanout dlq}: refused before anything reaches Kafka, as usage errors (exit 2). */
class DlqCommandTest {

    @Test
    void redriveOptionsAreParsedWithRepeatedEventIdsAndAnIsoSince() {
        CommandLine.ParseResult parsed = new CommandLine(new FanoutCommand()).parseArgs("dlq", "redrive", "t-dlq", "--reason", "table missing",
                "--since", "2026-01-31T12:00:00Z", "--event-id", "a", "--event-id", "b", "--to", "t", "--max", "3");
        DlqCommand.Redrive redrive = (DlqCommand.Redrive) parsed.subcommand().subcommand().commandSpec().userObject();

        assertThat(redrive.topic).isEqualTo("t-dlq");
        assertThat(redrive.since).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(redrive.eventIds).containsExactly("a", "b");
        assertThat(redrive.to).isEqualTo("t");
        assertThat(redrive.max).isEqualTo(3);
    }

    @Test
    void sinceThatIsNotAnIsoInstantIsAUsageError() {
        assertThat(execute("dlq", "redrive", "t-dlq", "--since", "yesterday")).isEqualTo(2);
    }

    @Test
    void maxBelowOneIsAUsageError() {
        assertThat(execute("dlq", "redrive", "t-dlq", "--max", "0")).isEqualTo(2);
    }

    @Test
    void showNeedsExactlyOneOfOffsetAndEventId() {
        assertThat(execute("dlq", "show", "t-dlq")).isEqualTo(2);
        assertThat(execute("dlq", "show", "t-dlq", "--offset", "0:1", "--event-id", "a")).isEqualTo(2);
    }

    @Test
    void offsetIsPartitionColonOffset() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new FanoutCommand()).getCommandSpec();

        assertThat(DlqCommand.parseOffset(spec, "2:5000000000")).isEqualTo(new DlqCommand.Position(2, 5_000_000_000L));
        for (String malformed : List.of("1", "1:x", "-1:3", "1:2:3", ":4")) {
            assertThatThrownBy(() -> DlqCommand.parseOffset(spec, malformed)).isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--offset must be PARTITION:OFFSET");
        }
    }

    private static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new FanoutCommand());
        commandLine.setErr(new PrintWriter(new StringWriter()));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }
}
