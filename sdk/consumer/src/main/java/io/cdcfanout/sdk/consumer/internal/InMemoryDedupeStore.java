package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.sdk.consumer.ConsumerConfig;
import io.cdcfanout.sdk.consumer.DedupeStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** The default {@link DedupeStore}: the most recent {@code cdcfanout.consumer.dedupe.capacity} event ids, in memory. */
@DefaultBean
@ApplicationScoped
public class InMemoryDedupeStore implements DedupeStore {

    private final Map<String, Boolean> recent;

    public InMemoryDedupeStore(ConsumerConfig config) {
        int capacity = config.dedupe().capacity();
        // Access order + eldest eviction: a bounded LRU set.
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean isProcessed(String eventId) {
        return recent.get(eventId) != null;
    }

    @Override
    public synchronized void markProcessed(String eventId) {
        recent.put(eventId, Boolean.TRUE);
    }
}
