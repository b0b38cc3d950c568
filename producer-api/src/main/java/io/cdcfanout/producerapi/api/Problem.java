package io.cdcfanout.producerapi.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cdcfanout.producerapi.event.Violation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error answer, RFC 9457 {@code application/problem+json}. {@code violations} lists schema
 * violations (422) with their JSON pointers, or the largest parts of a too large event (413);
 * {@code limit} names the limit a 413 exceeded; {@code eventId} names the event a 409 or 503 is
 * about; {@code eventIds} the events of a bulk whose commit outcome is unknown (503).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String eventId, List<Violation> violations, Integer limit,
        List<String> eventIds) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://cdc-fanout.io/problems/";
    private static final int MAX_LISTED = 100;

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null, null, null);
    }

    public static Problem malformed(String detail) {
        return of(400, "malformed-json", "Malformed JSON", detail);
    }

    public static Problem invalid(List<Violation> violations) {
        // Bounded: an event with thousands of bad numbers must not get an answer larger than itself.
        String listed = violations.size() > MAX_LISTED ? "; the first " + MAX_LISTED + " are listed" : "";
        return new Problem(TYPE_BASE + "schema-violation", "Event violates the schema", 422,
                violations.size() + " violation(s) of the event schema v1; nothing was stored" + listed, null,
                violations.size() > MAX_LISTED ? List.copyOf(violations.subList(0, MAX_LISTED)) : violations, null, null);
    }

    public static Problem conflict(String eventId) {
        return new Problem(TYPE_BASE + "event-id-conflict", "Event id already used", 409,
                "event " + eventId + " was already stored with different content; nothing was stored", eventId, null, null, null);
    }

    public static Problem tooLarge(String detail, int limit) {
        return new Problem(TYPE_BASE + "too-large", "Request too large", 413, detail, null, null, limit, null);
    }

    /** An event larger than {@code producer.max-event-bytes}; {@code violations} names its largest parts. */
    public static Problem eventTooLarge(long bytes, long limit, List<Violation> largest) {
        return new Problem(TYPE_BASE + "event-too-large", "Event too large", 413,
                "the event is " + bytes + " bytes as stored and published (PostgreSQL jsonb text, numbers written out in full); at most "
                        + limit + " are allowed (producer.max-event-bytes); nothing was stored", null, largest, Math.toIntExact(limit), null);
    }

    public static Problem unavailable() {
        return of(503, "database-unavailable", "Database unavailable", "the event store cannot be reached; nothing was stored, retry later");
    }

    /** A deadlock or serialization failure (SQLSTATE 40P01, 40001): rolled back, a retry normally succeeds. */
    public static Problem transactionConflict(String sqlState) {
        return of(503, "transaction-conflict", "Concurrent transaction conflict",
                "the transaction conflicted with a concurrent one (SQLSTATE " + sqlState + ") and was rolled back; nothing was stored, retry");
    }

    /**
     * The connection failed during COMMIT: the events may be stored. Retrying with the same event ids
     * (also a generated one, named here) is idempotent: 200 {@code duplicate} if they were stored.
     */
    public static Problem commitOutcomeUnknown(List<String> eventIds) {
        String ids = eventIds.size() == 1 ? "the same event id (" + eventIds.get(0) + ")" : "the same event ids (listed in eventIds)";
        return new Problem(TYPE_BASE + "commit-outcome-unknown", "Commit outcome unknown", 503,
                "the database connection failed during COMMIT, so the event may or may not have been stored; retry with " + ids
                        + " in eventHeader.uuid: a retry is idempotent and answers 200 (stored, or duplicate if the first attempt was stored)",
                eventIds.size() == 1 ? eventIds.get(0) : null, null, null, eventIds.size() == 1 ? null : eventIds);
    }

    public static Problem internal(String errorId) {
        return of(500, "internal-error", "Internal error", "unexpected error (id " + errorId + "); nothing was stored");
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this);
        if (status == 503) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
