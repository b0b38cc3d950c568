package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.DedupeStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dedupe store whose lookups fail as a test scripts it, per event id, as one backed by a database that restarts.
 * Enabled only by the test profiles that select it.
 */
@Alternative
@ApplicationScoped
public class FailingDedupeStore implements DedupeStore {

    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    /** The next {@code times} lookups of this event id throw. */
    public void failLookups(String eventId, int times) {
        failuresLeft.put(eventId, new AtomicInteger(times));
    }

    @Override
    public boolean isProcessed(String eventId) {
        AtomicInteger left = failuresLeft.get(eventId);
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("connection to the dedupe database refused");
        }
        return processed.contains(eventId);
    }

    @Override
    public void markProcessed(String eventId) {
        processed.add(eventId);
    }
}
