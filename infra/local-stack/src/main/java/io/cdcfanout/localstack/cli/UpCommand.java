package io.cdcfanout.localstack.cli;

import io.cdcfanout.localstack.ComponentStatus;
import io.cdcfanout.localstack.Stack;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", description = {
        "Builds what is missing, starts the components (all, or the named ones and what they need) in dependency order,",
        "waits until each is healthy, prints where they listen and returns; they keep running until ./fanout down.",
        "Running it again starts only what is not running. Ports: FANOUT_<COMPONENT>_PORT overrides a default."})
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @Parameters(arity = "0..*", paramLabel = "COMPONENT", description = "Components to start (default: all).")
    List<String> components = List.of();

    @Override
    public Integer call() throws Exception {
        Stack stack = parent.stack(true);
        System.out.println("Starting cdc-fanout (state in " + stack.context().options().stateDir() + ")");
        List<ComponentStatus> status = stack.up(components);
        System.out.println();
        StatusCommand.printTable(status.stream().filter(s -> !ComponentStatus.STOPPED.equals(s.state())).toList());
        System.out.println();
        System.out.println("Logs: ./fanout logs <component>   Status: ./fanout status   Stop: ./fanout down");
        return 0;
    }
}
