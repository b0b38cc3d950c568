package io.cdcfanout.consumers.loanpayment;

import io.cdcfanout.consumers.projection.HandledEvents;
import io.cdcfanout.events.LoanPayment;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Adds every submitted payment to its loan's running total, each event once ({@link HandledEvents}: a re-delivered
 * event is not counted again), one log line per payment.
 */
@ApplicationScoped
public class LoanPaymentHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(LoanPaymentHandler.class);

    private final PaymentLedger ledger;
    private final HandledEvents handled;

    LoanPaymentHandler(PaymentLedger ledger, HandledEvents handled) {
        this.ledger = ledger;
        this.handled = handled;
    }

    @Override
    public void onLoanPaymentSubmitted(LoanPaymentSubmitted event, EventContext context) throws Exception {
        List<LoanPayments> totals = new ArrayList<>();
        boolean applied = handled.once(context, connection -> {
            totals.clear(); // a transaction tried again starts over
            for (LoanPayment payment : event.getEntities()) {
                totals.add(ledger.add(connection, payment));
            }
        });
        if (!applied) {
            return;
        }
        for (int i = 0; i < totals.size(); i++) {
            LoanPayment payment = event.getEntities().get(i);
            LoanPayments total = totals.get(i);
            LOG.infof("payment %s of %s on loan %s: %d payments, %s paid [event %s, rule %s]", payment.getId(), payment.getAmount(),
                    payment.getLoanId(), total.payments(), total.totalPaid(), context.eventId(), context.routingRuleId());
        }
    }
}
