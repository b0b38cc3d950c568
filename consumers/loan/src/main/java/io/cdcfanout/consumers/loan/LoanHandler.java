package io.cdcfanout.consumers.loan;

import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps every loan created, one log line each. Decoding, retries, dead letters and commits are the SDK's. */
@ApplicationScoped
public class LoanHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(LoanHandler.class);

    private final Loans loans;

    LoanHandler(Loans loans) {
        this.loans = loans;
    }

    @Override
    public void onLoanCreated(LoanCreated event, EventContext context) {
        for (Loan loan : event.getEntities()) {
            LoanView view = LoanView.of(loan, context);
            loans.put(view);
            LOG.infof("loan %s for car %s: %s from %s over %d months, %s/month [event %s, rule %s]", view.id(), view.carId(),
                    view.loanAmount(), view.financialInstitution(), view.termMonths(), view.monthlyPayment(), context.eventId(),
                    context.routingRuleId());
        }
    }
}
