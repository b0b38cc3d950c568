package io.cdcfanout.consumers.loanpayment;

import io.cdcfanout.events.LoanPayment;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Adds every submitted payment to its loan's running total, one log line each. */
@ApplicationScoped
public class LoanPaymentHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(LoanPaymentHandler.class);

    private final PaymentLedger ledger;

    LoanPaymentHandler(PaymentLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void onLoanPaymentSubmitted(LoanPaymentSubmitted event, EventContext context) {
        for (LoanPayment payment : event.getEntities()) {
            LoanPayments total = ledger.add(payment);
            LOG.infof("payment %s of %s on loan %s: %d payments, %s paid [event %s, rule %s]", payment.getId(), payment.getAmount(),
                    payment.getLoanId(), total.payments(), total.totalPaid(), context.eventId(), context.routingRuleId());
        }
    }
}
