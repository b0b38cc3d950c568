package io.cdcfanout.sdk.consumer.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the handler calls still running started, per handler thread (several with {@code cdcfanout.consumer.concurrency}
 * above 1), for the liveness check.
 */
@ApplicationScoped
public class HandlerWatch {

    private final Map<Thread, Instant> runningSince = new ConcurrentHashMap<>();

    public void started() {
        runningSince.put(Thread.currentThread(), Instant.now());
    }

    public void finished() {
        runningSince.remove(Thread.currentThread());
    }

    /** @return when the longest-running call started, {@code null} when none is running */
    public Instant runningSince() {
        return runningSince.values().stream().min(Instant::compareTo).orElse(null);
    }
}
