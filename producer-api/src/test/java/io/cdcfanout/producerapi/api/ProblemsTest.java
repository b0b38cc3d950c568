package io.cdcfanout.producerapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.producerapi.store.CommitOutcomeUnknownException;
import io.cdcfanout.producerapi.store.StoreException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How failures become answers; the 500 case cannot be provoked through the API on purpose. */
class ProblemsTest {

    @Test
    void unexpectedErrorIs500WithoutInternals() {
        Problem problem = Problems.of(new IllegalStateException("secret table xyz broke at com.example.Internal"));
        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).doesNotContain("secret", "xyz", "com.example").contains("nothing was stored");
    }

    @Test
    void connectionFailureIs503() {
        RuntimeException failure = new RuntimeException(new SQLException("Connection refused", "08001"));
        assertThat(Problems.of(failure).status()).isEqualTo(503);
    }

    @Test
    void poolAcquisitionTimeoutIs503() {
        assertThat(Problems.of(new SQLException("Acquisition timeout while waiting for new connection")).status()).isEqualTo(503);
        // What Agroal throws when every connection is busy (seen in the fault suite while PostgreSQL restarted).
        assertThat(Problems.of(new StoreException(new SQLException("Sorry, acquisition timeout!"))).status()).isEqualTo(503);
    }

    @Test
    void otherDatabaseErrorIs500() {
        assertThat(Problems.of(new SQLException("syntax error", "42601")).status()).isEqualTo(500);
    }

    @Test
    void deadlockAndSerializationFailureAre503WithRetryAfter() {
        for (String state : List.of("40P01", "40001")) {
            Problem problem = Problems.of(new StoreException(new SQLException("deadlock detected", state)));
            assertThat(problem.status()).isEqualTo(503);
            assertThat(problem.type()).endsWith("/transaction-conflict");
            assertThat(problem.detail()).contains(state, "nothing was stored");
            try (Response response = problem.toResponse()) {
                assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
            }
        }
    }

    @Test
    void commitOutcomeUnknownIs503NamingTheEventToRetryWithTheSameId() {
        UUID id = UUID.randomUUID();
        Problem problem = Problems.of(new CommitOutcomeUnknownException(List.of(id), new SQLException("I/O error", "08006")));
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.eventId()).isEqualTo(id.toString());
        assertThat(problem.detail()).contains("retry with the same event id").doesNotContain("nothing was stored");
    }
}
