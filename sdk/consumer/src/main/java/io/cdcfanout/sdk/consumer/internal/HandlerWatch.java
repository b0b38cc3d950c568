package io.cdcfanout.sdk.consumer.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** When the current handler call started ({@code null} between calls), for the liveness check. */
@ApplicationScoped
public class HandlerWatch {

    private volatile Instant runningSince;

    public void started() {
        runningSince = Instant.now();
    }

    public void finished() {
        runningSince = null;
    }

    public Instant runningSince() {
        return runningSince;
    }
}
