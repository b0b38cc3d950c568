package io.cdcfanout.sdk.consumer.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Runs the records of one key in arrival order, one at a time, and records of different keys in parallel: {@code
 * concurrency} lanes (single-thread executors), a key always on the same lane. At most {@link #inFlightLimit} records are
 * queued or running, so that a slow handler pushes back on the Kafka connector instead of filling memory.
 *
 * <p>Hand-written rather than SmallRye's {@code throttled.ordered=key}: that mode is experimental, runs handlers on a
 * shared {@code @Blocking} worker pool (which shutdown cannot interrupt and await, see {@link EventDispatcher}), and
 * at concurrency 1 reorders records of different keys, where the SDK must behave exactly as before. The commit side is
 * SmallRye's: its throttled strategy commits each partition only up to the lowest record not yet acked.
 */
final class KeyOrderedLanes {

    /** Records queued per lane beyond the running one: keeps lanes busy when keys hash unevenly, bounds the memory. */
    private static final int QUEUED_PER_LANE = 3;

    private final List<ExecutorService> lanes;
    /** Waits for room off the Vert.x event loop that delivers the records. */
    private final ExecutorService admission = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdcfanout-consumer-admission"));
    private final Semaphore room;
    private final int inFlightLimit;

    KeyOrderedLanes(int concurrency, String threadName) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("cdcfanout.consumer.concurrency must be at least 1, was " + concurrency);
        }
        this.lanes = IntStream.range(0, concurrency)
                .mapToObj(i -> Executors.newSingleThreadExecutor(r -> new Thread(r, concurrency == 1 ? threadName : threadName + "-" + i)))
                .toList();
        // One lane takes one record at a time, as the SDK always did: a queue would only hold records that the
        // shutdown then has to wait for.
        this.inFlightLimit = concurrency == 1 ? 1 : concurrency * (1 + QUEUED_PER_LANE);
        this.room = new Semaphore(inFlightLimit);
    }

    /**
     * Queues a record's work on the lane of its key.
     *
     * @param keyHash the hash of the record's key (same key, same lane)
     * @return completes once the work is queued, i.e. when the next record may be delivered
     * @throws java.util.concurrent.RejectedExecutionException once {@link #shutdownNow()} was called
     */
    CompletableFuture<Void> submit(int keyHash, Runnable work) {
        ExecutorService lane = lanes.get(Math.floorMod(spread(keyHash), lanes.size()));
        return CompletableFuture.runAsync(() -> {
            try {
                room.acquire();
            } catch (InterruptedException shuttingDown) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                lane.execute(() -> {
                    try {
                        work.run();
                    } finally {
                        room.release();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                // The record is abandoned: neither acked nor nacked, consumed again after the restart.
                room.release();
            }
        }, admission);
    }

    int inFlightLimit() {
        return inFlightLimit;
    }

    /**
     * Kafka's partitioner hashes keys with murmur2 modulo the partition count: lanes picked from the same hash would put
     * all records of a partition on a few lanes whenever the counts share a factor (4 partitions, 16 lanes: 4 lanes per
     * partition). {@link String#hashCode()} mixed Fibonacci-style is independent of it.
     */
    private static int spread(int hash) {
        int mixed = hash * 0x9E3779B9;
        return mixed ^ (mixed >>> 16);
    }

    /** Work not yet started is dropped (its records are neither acked nor nacked); running work is interrupted. */
    void shutdownNow() {
        admission.shutdownNow();
        lanes.forEach(ExecutorService::shutdownNow);
    }

    /** @return whether every lane stopped within the timeout, counted once for all of them */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutorService lane : lanes) {
            if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
