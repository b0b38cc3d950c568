package io.cdcfanout.consumers.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HandledEventsTest {

    @Test
    void eventIdThatIsNotAUuidIsRefusedNamingIt() {
        assertThatThrownBy(() -> HandledEvents.parse("evt-42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id evt-42 is not a UUID; the view records events by their UUID");
        assertThatThrownBy(() -> HandledEvents.parse(null)).hasMessageStartingWith("event id null is not a UUID");
        UUID id = UUID.randomUUID();
        assertThat(HandledEvents.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void lostConnectionsShutdownsConflictsAndDeadlocksAreWaitedOutOtherErrorsAreNot() {
        for (String state : new String[] {"08001", "08006", "57P01", "57P03", "53300", "40001", "40P01", "55P03"}) {
            assertThat(HandledEvents.isTransient(new SQLException("x", state))).as(state).isTrue();
        }
        for (String state : new String[] {"23505", "22003", "42P01", null}) {
            assertThat(HandledEvents.isTransient(new SQLException("x", state))).as(state).isFalse();
        }
    }
}
