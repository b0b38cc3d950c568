package io.cdcfanout.consumers.loan;

import io.cdcfanout.consumers.projection.HandledEvents;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps every loan created in table {@code loan}, each event applied once ({@link HandledEvents}), one log line per
 * loan. Decoding, retries, dead letters and commits are the SDK's.
 */
@ApplicationScoped
public class LoanHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(LoanHandler.class);

    private final Loans loans;
    private final HandledEvents handled;

    LoanHandler(Loans loans, HandledEvents handled) {
        this.loans = loans;
        this.handled = handled;
    }

    @Override
    public void onLoanCreated(LoanCreated event, EventContext context) throws Exception {
        List<LoanView> views = event.getEntities().stream().map(loan -> LoanView.of(loan, context)).toList();
        boolean applied = handled.once(context, connection -> {
            for (LoanView view : views) {
                loans.put(connection, view);
            }
        });
        if (!applied) {
            return;
        }
        for (LoanView view : views) {
            LOG.infof("loan %s for car %s: %s from %s over %d months, %s/month [event %s, rule %s]", view.id(), view.carId(),
                    view.loanAmount(), view.financialInstitution(), view.termMonths(), view.monthlyPayment(), context.eventId(),
                    context.routingRuleId());
        }
    }
}
