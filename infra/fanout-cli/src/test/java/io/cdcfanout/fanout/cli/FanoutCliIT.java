package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackOptions;
import io.cdcfanout.localstack.process.Ports;
import io.cdcfanout.localstack.process.StackState;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./fanout script as users run it: exit codes, one-line errors and machine-readable status. */
class FanoutCliIT {

    @TempDir
    Path stateDir;


    @Test
    void statusJsonListsEveryComponentWithNameStateAndAddress() throws Exception {
        FanoutRun result = fanout("--state-dir", stateDir.toString(), "status", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode components = new ObjectMapper().readTree(result.out());
        assertThat(components.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        components.forEach(component -> {
            assertThat(component.has("name") && component.has("state") && component.has("address")).isTrue();
            assertThat(component.path("state").asText()).isEqualTo("stopped");
            names.add(component.path("name").asText());
        });
        assertThat(names).containsExactlyElementsOf(knownComponents());
        assertThat(names).contains("postgres", "kafka", "schema-registry", "connect", "flink");
    }

    @Test
    void downWhenNothingRunsSaysSoAndSucceeds() throws Exception {
        FanoutRun result = fanout("--state-dir", stateDir.toString(), "down");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Nothing was running.");
    }

    @Test
    void stateDirectoryThatWouldContainTheCheckoutIsRefused() throws Exception {
        Path checkout = TestStack.repoRoot();

        FanoutRun result = fanout("--state-dir", checkout.toString(), "down", "--purge");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("fanout: the state directory " + checkout
                + " would contain the checkout; choose a directory of its own (default: .fanout)");
        assertThat(checkout.resolve("pom.xml")).exists();
    }

    @Test
    void logsOfAnUnknownComponentIsOneLineNamingTheKnownOnes() throws Exception {
        FanoutRun result = fanout("--state-dir", stateDir.toString(), "logs", "zookeeper");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("fanout: unknown component 'zookeeper'; known: " + String.join(", ", knownComponents()));
    }

    @Test
    void logsOfAComponentThatNeverRanExplainsHowToStartIt() throws Exception {
        FanoutRun result = fanout("--state-dir", stateDir.toString(), "logs", "kafka");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("fanout: kafka has no log yet: it has not been started (./fanout up kafka)");
    }

    @Test
    void interruptingUpStopsWhatItHadStartedAndLeavesNoProcess() throws Exception {
        List<String> command = List.of(TestStack.repoRoot().resolve("fanout").toString(), "--state-dir", stateDir.toString(), "up", "kafka");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stateDir.resolve("up.out").toFile());
        builder.environment().put("FANOUT_KAFKA_PORT", Integer.toString(Ports.freePort()));
        builder.environment().put("FANOUT_KAFKA_CONTROLLER_PORT", Integer.toString(Ports.freePort()));
        Process up = builder.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !StackState.load(stateDir).components().isEmpty());
        long kafkaPid = StackState.load(stateDir).components().get("kafka").pid();

        new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.nio.file.Files.readString(stateDir.resolve("up.out"))).contains("Interrupted: stopping what this command started");
        assertThat(StackState.load(stateDir).components()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(kafkaPid).isEmpty());
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        FanoutRun result = fanout("--state-dir", stateDir.toString(), "up", "--detach-forever");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--detach-forever'");
    }

    @Test
    void upOrDownOfAnUnknownComponentIsAUsageErrorNamingTheKnownOnes() throws Exception {
        for (String command : List.of("up", "down")) {
            FanoutRun result = fanout("--state-dir", stateDir.toString(), command, "kafka", "zookeeper");

            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.err()).as(command).startsWith("unknown component 'zookeeper'; known: " + String.join(", ", knownComponents()));
        }
    }

    @Test
    void downPurgeWithComponentNamesIsRefused() throws Exception {
        FanoutRun result = fanout("--state-dir", stateDir.toString(), "down", "--purge", "loan-consumer");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("--purge deletes the whole stack's data and takes no component names:"
                + " purging one component's data while the others run is not supported.");
    }

    @Test
    void helpOfDownNamesComponentsAndPurge() throws Exception {
        FanoutRun result = fanout("down", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: fanout down", "[COMPONENT...]", "--purge");
    }

    /** Every registered component in start order, as the launcher orders them. */
    List<String> knownComponents() {
        return Stack.create(new StackOptions(TestStack.repoRoot(), stateDir, true, List.of(), false, Map.of(), 0, System.out)).componentNames();
    }

    private static FanoutRun fanout(String... args) throws IOException, InterruptedException {
        return FanoutRun.of(null, Map.of(), args);
    }
}
