package io.cdcfanout.flinkhost;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink session cluster in one JVM: a MiniCluster with its REST API on a chosen port, so that
 * jobs are submitted to it exactly as to any remote Flink cluster ({@code execution.target=remote},
 * or {@code flink run -m host:port}).
 *
 * <p>Usage: {@code LocalFlinkCluster <rest-port> <state-dir> [task-slots]}.
 */
public final class LocalFlinkCluster {

    private static final String LOOPBACK = "127.0.0.1";

    private LocalFlinkCluster() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalFlinkCluster <rest-port> <state-dir> [task-slots]");
            System.exit(2);
        }
        int restPort = Integer.parseInt(args[0]);
        Path stateDir = Path.of(args[1]).toAbsolutePath();
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 4;

        Configuration config = new Configuration();
        // Every listener on loopback, not only REST: the JobManager's RPC and blob server and the
        // TaskManager's RPC and data ports otherwise bind to all interfaces, and the blob server
        // accepts uploaded jars.
        config.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        config.set(RestOptions.ADDRESS, LOOPBACK);
        config.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        config.set(JobManagerOptions.ADDRESS, LOOPBACK);
        config.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        config.set(TaskManagerOptions.HOST, LOOPBACK);
        config.set(RestOptions.PORT, restPort);
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        // Checkpoints survive a restart of this JVM, so a resubmitted job can resume from them.
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, stateDir.resolve("checkpoints").toUri().toString());
        config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, stateDir.resolve("savepoints").toUri().toString());

        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        MiniCluster cluster = new MiniCluster(clusterConfig);
        cluster.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("Flink cluster did not close cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "flink-cluster-shutdown"));
        System.out.println("Flink cluster ready, REST API at " + cluster.getRestAddress().get());
        stopped.await();
    }
}
