package io.cdcfanout.producerapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
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
    }

    @Test
    void otherDatabaseErrorIs500() {
        assertThat(Problems.of(new SQLException("syntax error", "42601")).status()).isEqualTo(500);
    }
}
