package io.cdcfanout.producerapi.api;

import io.cdcfanout.producerapi.store.CommitOutcomeUnknownException;
import io.cdcfanout.producerapi.store.EventConflictException;
import io.cdcfanout.producerapi.store.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a problem answer: known ones precisely; database unavailability,
 * deadlocks/serialization failures and a COMMIT with unknown outcome into 503 (retryable, with
 * {@code Retry-After}); anything else into 500 with an error id (logged with its stack trace, never sent).
 */
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    @ServerExceptionMapper
    public Response map(Throwable failure) {
        return of(failure).toResponse();
    }

    /** The problem answering {@code failure}. */
    public static Problem of(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem.problem();
        }
        if (failure instanceof EventConflictException conflict) {
            return Problem.conflict(conflict.eventId().toString());
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return Problem.of(status.getStatusCode(), "http-" + status.getStatusCode(), status.getReasonPhrase(), web.getMessage());
        }
        if (failure instanceof CommitOutcomeUnknownException unknown) {
            LOG.warnf("commit outcome unknown for %d event(s): %s", unknown.eventIds().size(), unknown.getMessage());
            return Problem.commitOutcomeUnknown(unknown.eventIds().stream().map(Object::toString).toList());
        }
        Optional<String> conflict = transactionConflict(failure);
        if (conflict.isPresent()) {
            LOG.infof("transaction conflict, answered 503: %s", failure.getMessage());
            return Problem.transactionConflict(conflict.get());
        }
        if (StoreException.isDatabaseUnavailable(failure)) {
            LOG.warnf("database unavailable: %s", failure.getMessage());
            return Problem.unavailable();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected error %s", errorId);
        return Problem.internal(errorId);
    }

    /** The SQLSTATE of a deadlock (40P01) or serialization failure (40001) in the cause chain. */
    static Optional<String> transactionConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}
