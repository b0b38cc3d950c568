package io.cdcfanout.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import io.cdcfanout.localstack.process.StackState;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher does with bad input and failing components: one clear line, nothing left running. */
class StackFaultsIT {

    @TempDir
    Path stateDir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Stack stack;

    @BeforeEach
    void createStack() throws Exception {
        // Traversable, so PostgreSQL's data directory is the one under the state directory.
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        stack = stack(Map.of(), List.of(), true);
    }

    @AfterEach
    void stopEverything() throws StackException {
        stack.down(true);
    }

    @Test
    void unknownComponentIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> stack.up(List.of("zookeeper")))
                .isInstanceOf(StackException.class)
                .hasMessage("unknown component 'zookeeper'; known: " + String.join(", ", stack.componentNames()));
        assertThat(stack.componentNames()).startsWith("postgres", "kafka");
    }

    @Test
    void portInUseStopsUpBeforeAnythingStarts() throws Exception {
        try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = occupied.getLocalPort();
            stack = stack(Map.of("FANOUT_POSTGRES_PORT", Integer.toString(port)), List.of(), false);

            assertThatThrownBy(() -> stack.up(List.of(Postgres.NAME)))
                    .isInstanceOf(StackException.class)
                    .hasMessage("port " + port + " (postgres) is already in use by another program; stop it, or choose another port with FANOUT_POSTGRES_PORT=<port>");
        }
        assertNothingRuns();
    }

    @Test
    void portOverrideThatIsNotANumberIsRejected() throws Exception {
        stack = stack(Map.of("FANOUT_KAFKA_CONTROLLER_PORT", "90x3"), List.of(), false);

        assertThatThrownBy(() -> stack.up(List.of("kafka")))
                .hasMessage("FANOUT_KAFKA_CONTROLLER_PORT='90x3' is not a port number");
        assertNothingRuns();
    }

    @Test
    void missingPostgresBinariesAreExplained() throws Exception {
        stack = stack(Map.of("FANOUT_PG_BIN", stateDir.resolve("nowhere").toString()), List.of(), true);

        assertThatThrownBy(() -> stack.up(List.of(Postgres.NAME)))
                .hasMessageStartingWith("FANOUT_PG_BIN=" + stateDir.resolve("nowhere") + " has no postgres and initdb programs");
        assertNothingRuns();
    }

    @Test
    void connectorFileWithBrokenJsonIsReportedWithItsLineBeforeAnythingStarts() throws Exception {
        Path file = stateDir.resolve("broken.json");
        Files.writeString(file, "{\n  \"name\": \"x\",\n  \"config\": {\"connector.class\": \"A\",}\n}\n");
        stack = stack(Map.of(), List.of(file), true);

        assertThatThrownBy(() -> stack.up(List.of("connect")))
                .hasMessageStartingWith("connector file " + file + " is not valid JSON at line 3");
        assertNothingRuns();
    }

    @Test
    void connectorFileWithoutConnectorClassOrWithUnknownFieldsListsEveryProblem() throws Exception {
        Path file = stateDir.resolve("incomplete.json");
        Files.writeString(file, "{\"name\": \"x\", \"config\": {\"tasks.max\": 1}, \"tasks\": []}");
        stack = stack(Map.of(), List.of(file), true);

        assertThatThrownBy(() -> stack.up(List.of("connect")))
                .hasMessage("connector file " + file + ": \"config\" needs \"connector.class\"; unknown field \"tasks\" (allowed: name, config)");
        assertNothingRuns();
    }

    @Test
    void componentThatDiesDuringStartIsReportedWithItsLogAndNothingIsLeftRunning() throws Exception {
        // A data directory PostgreSQL cannot use: initdb is skipped, the server exits at once.
        Path data = Files.createDirectories(stateDir.resolve("postgres/data"));
        Files.writeString(data.resolve("PG_VERSION"), "not a version\n");

        assertThatThrownBy(() -> stack.up(List.of(Postgres.NAME)))
                .isInstanceOfSatisfying(StackException.class, e -> {
                    assertThat(e.getMessage()).startsWith("postgres exited during start with code ");
                    assertThat(e.details()).isNotBlank();
                });
        assertNothingRuns();
    }

    @Test
    void upTwiceStartsNothingNewAndDownTwiceIsHarmless() throws Exception {
        stack.up(List.of(Postgres.NAME));
        long pid = StackState.load(stateDir).components().get(Postgres.NAME).pid();

        List<ComponentStatus> again = stack.up(List.of(Postgres.NAME));

        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Everything requested is already running.");
        assertThat(again).filteredOn(s -> s.name().equals(Postgres.NAME)).singleElement()
                .satisfies(s -> assertThat(s.pid()).isEqualTo(pid))
                .satisfies(s -> assertThat(s.state()).isEqualTo(ComponentStatus.HEALTHY));
        assertThat(stack.down(false)).containsExactly(Postgres.NAME);
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(stack.down(false)).isEmpty();
    }

    @Test
    void componentThatCrashesLaterShowsAsExitedAndUpStartsItAgain() throws Exception {
        stack.up(List.of(Postgres.NAME));
        StackState.Entry entry = StackState.load(stateDir).components().get(Postgres.NAME);
        ProcessHandle postgres = ProcessSupervisor.find(entry.pid(), entry.startedAtMillis()).orElseThrow();
        postgres.destroyForcibly();
        postgres.onExit().join();

        assertThat(stack.status()).filteredOn(s -> s.name().equals(Postgres.NAME)).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(ComponentStatus.EXITED));
        assertThat(stack.logFile(Postgres.NAME)).exists();

        stack.up(List.of(Postgres.NAME));
        assertThat(stack.status()).filteredOn(s -> s.name().equals(Postgres.NAME)).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(ComponentStatus.HEALTHY));
    }

    @Test
    void purgeDeletesTheStacksDataButNoOtherFilesOfTheStateDirectory() throws Exception {
        Path foreign = Files.writeString(stateDir.resolve("notes.txt"), "not the stack's");
        stack.up(List.of(Postgres.NAME));
        // What tools keep beside the stack (./fanout status --pipeline's samples) is the stack's too.
        Files.writeString(stack.context().toolFile("pipeline-sample.json"), "{}");

        stack.down(true);

        assertThat(foreign).hasContent("not the stack's");
        try (var left = Files.list(stateDir)) {
            assertThat(left.map(path -> path.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
    }

    private void assertNothingRuns() throws Exception {
        assertThat(StackState.load(stateDir).components()).isEmpty();
    }

    private Stack stack(Map<String, String> env, List<Path> connectors, boolean freePorts) {
        return Stack.create(new StackOptions(TestStack.repoRoot(), stateDir, freePorts, connectors, false, env,
                ProcessHandle.current().pid(), new PrintStream(output, true, StandardCharsets.UTF_8)));
    }
}
