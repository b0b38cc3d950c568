package io.cdcfanout.producerapi.store;

/** What storing an event did. */
public enum StoreOutcome {
    /** The event, its entities and its outbox record were written. */
    STORED,
    /** The same event (same id, same content) was stored before; nothing was written. */
    DUPLICATE
}
