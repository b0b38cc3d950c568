package io.cdcfanout.producerapi.store;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The connection failed during COMMIT: the events may or may not be stored. A retry with the same
 * event ids is safe (answered {@code duplicate} if they were stored), so the ids are kept for the answer.
 */
public class CommitOutcomeUnknownException extends RuntimeException {

    private final List<UUID> eventIds;

    public CommitOutcomeUnknownException(List<UUID> eventIds, SQLException cause) {
        super("connection failed during COMMIT: " + cause.getMessage(), cause);
        this.eventIds = List.copyOf(eventIds);
    }

    public List<UUID> eventIds() {
        return eventIds;
    }
}
