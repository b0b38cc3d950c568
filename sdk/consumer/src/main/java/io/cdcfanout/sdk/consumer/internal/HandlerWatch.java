package io.cdcfanout.sdk.consumer.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** When the current handler call started ({@code null} between calls), for the liveness check. */
@ApplicationScoped
class HandlerWatch {

    private volatile Instant runningSince;

    void started() {
        runningSince = Instant.now();
    }

    void finished() {
        runningSince = null;
    }

    Instant runningSince() {
        return runningSince;
    }
}
