package io.cdcfanout.consumers.loanpayment;

import io.cdcfanout.events.LoanPayment;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Running payment totals per loan since start (in memory: a demo projection). */
@ApplicationScoped
public class PaymentLedger {

    private final Map<String, LoanPayments> byLoan = new ConcurrentHashMap<>();

    LoanPayments add(LoanPayment payment) {
        return byLoan.merge(payment.getLoanId(),
                new LoanPayments(payment.getLoanId(), 1, payment.getAmount(), payment.getId(), payment.getPaymentDate()),
                (seen, added) -> new LoanPayments(seen.loanId(), seen.payments() + 1, seen.totalPaid().add(added.totalPaid()),
                        added.lastPaymentId(), added.lastPaymentDate()));
    }

    public Optional<LoanPayments> forLoan(String loanId) {
        return Optional.ofNullable(byLoan.get(loanId));
    }

    public List<LoanPayments> all() {
        return byLoan.values().stream().sorted(Comparator.comparing(LoanPayments::loanId)).toList();
    }
}
