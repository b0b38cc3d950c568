package io.cdcfanout.localstack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdcfanout.localstack.ComponentStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "Shows every component: healthy, unhealthy (running but not answering), exited (crashed) or stopped.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @Option(names = "--json", description = "Print a JSON array of {name, state, address, pid, log, description}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ComponentStatus> status = parent.stack(false).status();
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
            return 0;
        }
        printTable(status);
        status.stream().filter(s -> ComponentStatus.EXITED.equals(s.state()))
                .forEach(s -> System.out.println("\n" + s.name() + " has exited; ./fanout logs " + s.name() + " shows why, ./fanout up starts it again."));
        return 0;
    }

    static void printTable(List<ComponentStatus> status) {
        String format = "%-16s %-10s %-8s %s%n";
        System.out.printf(format, "COMPONENT", "STATE", "PID", "ADDRESS");
        for (ComponentStatus s : status) {
            System.out.printf(format, s.name(), s.state(), s.pid() == 0 ? "-" : Long.toString(s.pid()), s.address().isEmpty() ? "-" : s.address());
        }
    }
}
