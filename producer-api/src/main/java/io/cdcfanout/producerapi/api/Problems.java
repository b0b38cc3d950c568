package io.cdcfanout.producerapi.api;

import io.cdcfanout.producerapi.store.EventConflictException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a problem answer: known ones precisely, database unavailability into
 * 503, anything else into 500 with an error id (logged with its stack trace, never sent).
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
        if (isDatabaseUnavailable(failure)) {
            LOG.warnf("database unavailable: %s", failure.getMessage());
            return Problem.unavailable();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected error %s", errorId);
        return Problem.internal(errorId);
    }

    /** Connection failures (SQLSTATE class 08, server shutting down 57P0x) and pool timeouts. */
    static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ((state != null && (state.startsWith("08") || state.startsWith("57P0")))
                        || String.valueOf(sql.getMessage()).contains("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }
}
