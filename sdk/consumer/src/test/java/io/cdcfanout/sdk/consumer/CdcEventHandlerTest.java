package io.cdcfanout.sdk.consumer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.events.EventType;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.codec.WireFormat;
import io.cdcfanout.sdk.testkit.SampleEvents;
import org.junit.jupiter.api.Test;

class CdcEventHandlerTest {

    private final CdcEventHandler loansOnly = new CdcEventHandler() {
        @Override
        public void onLoanCreated(LoanCreated event, EventContext context) {
            // handled
        }
    };

    @Test
    void eventTypeWithoutOverriddenMethodIsRejectedAsUnhandledSoItIsDeadLettered() {
        EventContext context = new EventContext("t", 0, 0, "CAR-1", "id", EventType.CarCreated, WireFormat.JSON, 1, null, null);

        assertThatThrownBy(() -> loansOnly.onCarCreated(SampleEvents.carCreated("CAR-1"), context))
                .isInstanceOf(UnhandledEventTypeException.class)
                .hasMessage("the handler does not handle CarCreated events");
        assertThatCode(() -> loansOnly.onLoanCreated(SampleEvents.loanCreated("LOAN-1"), context.withAttempt(2))).doesNotThrowAnyException();
    }
}
