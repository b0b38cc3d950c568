package io.cdcfanout.fanout.cli;

import io.cdcfanout.fanout.apps.ProducerApi;
import io.cdcfanout.fanout.apps.QuarkusApp;
import io.cdcfanout.localstack.ComponentStatus;
import io.cdcfanout.localstack.Stack;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "up", description = {
        "Builds what is missing, starts the components (all, or the named ones and what they need) in dependency order,",
        "waits until each is healthy, prints where they listen and returns; they keep running until ./fanout down.",
        "Running it again starts only what is not running. Ports: FANOUT_<COMPONENT>_PORT overrides a default."})
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "COMPONENT", description = "Components to start (default: all).")
    List<String> components = List.of();

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack(true);
        FanoutCommand.checkComponents(spec, stack, components);
        System.out.println("Starting cdc-fanout (state in " + stack.context().options().stateDir() + ")");
        List<ComponentStatus> status = stack.up(components);
        System.out.println();
        StatusCommand.printTable(status.stream().filter(s -> !ComponentStatus.STOPPED.equals(s.state())).toList());
        System.out.println();
        status.stream().filter(s -> s.name().equals(ProducerApi.NAME) && ComponentStatus.HEALTHY.equals(s.state())).findFirst()
                .ifPresent(producer -> printTryIt(((QuarkusApp) stack.context().component(ProducerApi.NAME)).url(stack.context())));
        System.out.println("Logs: ./fanout logs <component>   Status: ./fanout status   Stop: ./fanout down [COMPONENT…]");
        return 0;
    }

    /** What to do with a running producer: the first steps of the README, with this stack's addresses. */
    private static void printTryIt(String producerUrl) {
        System.out.println("Try it (each consumer's address above shows what it has handled):");
        tryIt("post one event", "curl -s -H 'Content-Type: application/json' -d @contract/samples/loan-created-event.json " + producerUrl + "/api/v1/events");
        tryIt("send load like k6's send-batch-events.js", "load-test/load batch --api-url " + producerUrl + " --events-per-type 50");
        tryIt("check where every event went: lost, misrouted, end-to-end delay", "load-test/verify --summary <the summary file load-test/load printed>");
        tryIt("watch topics, consumer lag, connector, replication slot, routing job", "./fanout status --pipeline");
        System.out.println();
    }

    private static void tryIt(String what, String command) {
        System.out.println("  # " + what);
        System.out.println("  " + command);
    }
}
