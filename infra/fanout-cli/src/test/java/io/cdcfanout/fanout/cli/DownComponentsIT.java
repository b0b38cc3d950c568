package io.cdcfanout.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcfanout.fanout.cli.FanoutRun;
import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.process.Ports;
import io.cdcfanout.localstack.process.StackState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./fanout down COMPONENT… as an operator uses it before a replay: the named components and what needs
 * them stop, the rest keeps running, and up starts exactly the stopped ones again on their ports.
 */
class DownComponentsIT {

    @TempDir
    Path stateDir;

    private Map<String, String> ports;

    @AfterEach
    void purge() throws Exception {
        fanout("down", "--purge");
    }

    @Test
    void downKafkaStopsConnectTooDownConnectStopsItAloneAndUpRestartsOnlyTheStoppedOnesOnTheirPorts() throws Exception {
        // Traversable, so PostgreSQL (run as the postgres user under root) can reach its data directory.
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ports = Map.of("FANOUT_POSTGRES_PORT", free(), "FANOUT_KAFKA_PORT", free(), "FANOUT_KAFKA_CONTROLLER_PORT", free(),
                "FANOUT_CONNECT_PORT", free());
        FanoutRun up = fanout("up", KafkaConnect.NAME);
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        Map<String, StackState.Entry> first = StackState.load(stateDir).components();
        assertThat(first).containsOnlyKeys(Postgres.NAME, Kafka.NAME, KafkaConnect.NAME);

        FanoutRun downKafka = fanout("down", Kafka.NAME);

        assertThat(downKafka.exitCode()).as(downKafka.err()).isZero();
        assertThat(downKafka.out()).containsSubsequence("connect (needs kafka)", "stopped", "kafka", "stopped",
                "Stopped 2 component(s); the others keep running.", "./fanout up kafka connect starts them again");
        assertThat(StackState.load(stateDir).components()).containsOnlyKeys(Postgres.NAME);
        assertThat(ProcessHandle.of(first.get(Kafka.NAME).pid())).isEmpty();
        assertThat(ProcessHandle.of(first.get(KafkaConnect.NAME).pid())).isEmpty();
        assertThat(StackState.load(stateDir).components().get(Postgres.NAME).pid()).isEqualTo(first.get(Postgres.NAME).pid());
        assertThat(states()).containsEntry(Postgres.NAME, "healthy").containsEntry(Kafka.NAME, "stopped").containsEntry(KafkaConnect.NAME, "stopped");

        FanoutRun again = fanout("up", KafkaConnect.NAME);

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("kafka                  starting", "connect                starting").doesNotContain("postgres               starting");
        Map<String, StackState.Entry> second = StackState.load(stateDir).components();
        assertThat(second.get(Postgres.NAME).pid()).isEqualTo(first.get(Postgres.NAME).pid());
        assertThat(second.get(Kafka.NAME).ports()).isEqualTo(first.get(Kafka.NAME).ports());
        assertThat(second.get(KafkaConnect.NAME).ports()).isEqualTo(first.get(KafkaConnect.NAME).ports());

        FanoutRun downConnect = fanout("down", KafkaConnect.NAME);

        assertThat(downConnect.exitCode()).as(downConnect.err()).isZero();
        assertThat(downConnect.out()).contains("connect                stopped", "Stopped 1 component(s)").doesNotContain("kafka ");
        Map<String, StackState.Entry> third = StackState.load(stateDir).components();
        assertThat(third).containsOnlyKeys(Postgres.NAME, Kafka.NAME);
        assertThat(third.get(Kafka.NAME).pid()).isEqualTo(second.get(Kafka.NAME).pid());
        assertThat(ProcessHandle.of(second.get(KafkaConnect.NAME).pid())).isEmpty();

        FanoutRun notRunning = fanout("down", KafkaConnect.NAME);

        assertThat(notRunning.exitCode()).isZero();
        assertThat(notRunning.out()).contains("connect                was not running", "Nothing was stopped");
        assertThat(StackState.load(stateDir).components()).containsOnlyKeys(Postgres.NAME, Kafka.NAME);
    }

    /** Each component's state as ./fanout status --json shows it. */
    private Map<String, String> states() throws Exception {
        Map<String, String> states = new HashMap<>();
        new ObjectMapper().readTree(fanout("status", "--json").out())
                .forEach(component -> states.put(component.path("name").asText(), component.path("state").asText()));
        return states;
    }

    private FanoutRun fanout(String... args) throws Exception {
        return FanoutRun.of(stateDir, ports == null ? Map.of() : ports, args);
    }

    private static String free() {
        return Integer.toString(Ports.freePort());
    }
}
