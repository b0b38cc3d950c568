package io.cdcfanout.fanout.cli;

import io.cdcfanout.localstack.Stack;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "down", description = {
        "Stops every component in reverse dependency order, or the named ones and every running component that needs them,",
        "leaving the rest running (e.g. one consumer before ./fanout replay). Data is kept unless --purge, Debezium's",
        "replication slot included, so the next up resumes capturing exactly where it stopped."})
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--purge", description = "Also delete the stack's data: databases, topics, checkpoints and logs. Only for the whole stack.")
    boolean purge;

    @Parameters(arity = "0..*", paramLabel = "COMPONENT", description = "Components to stop, with what needs them (default: all).")
    List<String> components = List.of();

    @Override
    public Integer call() throws Exception {
        if (purge && !components.isEmpty()) {
            // One component's data is tangled with the others' (its topics, slot, consumer offsets, rows): deleting
            // only its directory while the rest run would leave them inconsistent.
            throw new CommandLine.ParameterException(spec.commandLine(), "--purge deletes the whole stack's data and takes no component names:"
                    + " purging one component's data while the others run is not supported. ./fanout down " + String.join(" ", components)
                    + " stops without deleting; ./fanout down --purge stops everything and deletes all data.");
        }
        Stack stack = parent.stack(false);
        if (!components.isEmpty()) {
            FanoutCommand.checkComponents(spec, stack, components);
            List<String> stopped = stack.down(components);
            if (stopped.isEmpty()) {
                System.out.println("Nothing was stopped: " + String.join(", ", components) + " and what needs " + (components.size() == 1 ? "it" : "them")
                        + " were not running.");
            } else {
                System.out.println("Stopped " + stopped.size() + " component(s); the others keep running. Data kept; ./fanout up "
                        + String.join(" ", stopped.reversed()) + " starts them again on the same ports.");
            }
            return 0;
        }
        List<String> stopped = stack.down(purge);
        if (stopped.isEmpty()) {
            System.out.println("Nothing was running." + (purge ? " Data deleted." : ""));
        } else {
            System.out.println("Stopped " + stopped.size() + " component(s)." + (purge ? " Data deleted." : " Data kept (./fanout down --purge deletes it)."));
        }
        return 0;
    }
}
