package io.cdcfanout.fanout.cli;

import io.cdcfanout.localstack.ComponentStatus;
import io.cdcfanout.localstack.Stack;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.connect.ConnectClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "connector", description = "Kafka Connect connectors of the local stack.", subcommands = ConnectorCommand.Restart.class)
final class ConnectorCommand {

    @ParentCommand
    FanoutCommand parent;

    @Command(name = "restart", description = {
            "Restarts the FAILED instance and FAILED tasks of each connector (every connector of the worker by default)",
            "and waits until they run. A restarted task resumes from the last source position Connect committed: nothing",
            "is skipped. Exits 1 if a task fails again (./fanout logs connect shows why)."})
    static final class Restart implements Callable<Integer> {

        @ParentCommand
        ConnectorCommand connector;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "Connector names (default: every connector of the worker).")
        List<String> names;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "90", description = "How long to wait for RUNNING (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds < 1) {
                throw new StackException("--timeout must be at least 1 second, not " + timeoutSeconds);
            }
            Stack stack = connector.parent.stack(false);
            boolean running = stack.status().stream()
                    .anyMatch(s -> s.name().equals(KafkaConnect.NAME) && ComponentStatus.HEALTHY.equals(s.state()));
            if (!running) {
                throw new StackException("Kafka Connect is not running; ./fanout up starts it (and registers the connectors of infra/connect)");
            }
            ConnectClient client = new ConnectClient(KafkaConnect.url(stack.context()));
            List<String> targets = names == null || names.isEmpty() ? client.connectors() : names;
            for (String name : targets) {
                client.restartFailed(name);
                client.awaitRestartSeen(name, Duration.ofSeconds(Math.min(15, timeoutSeconds)));
                client.awaitRunning(name, Duration.ofSeconds(timeoutSeconds));
                System.out.println("connector " + name + ": RUNNING");
            }
            return 0;
        }
    }
}
