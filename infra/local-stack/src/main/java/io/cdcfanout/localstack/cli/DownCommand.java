package io.cdcfanout.localstack.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", description = {
        "Stops every component in reverse dependency order. Data is kept unless --purge, Debezium's replication slot",
        "included, so the next up resumes capturing exactly where it stopped."})
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    FanoutCommand parent;

    @Option(names = "--purge", description = "Also delete the stack's data: databases, topics, checkpoints and logs.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        List<String> stopped = parent.stack(false).down(purge);
        if (stopped.isEmpty()) {
            System.out.println("Nothing was running." + (purge ? " Data deleted." : ""));
        } else {
            System.out.println("Stopped " + stopped.size() + " component(s)." + (purge ? " Data deleted." : " Data kept (./fanout down --purge deletes it)."));
        }
        return 0;
    }
}
