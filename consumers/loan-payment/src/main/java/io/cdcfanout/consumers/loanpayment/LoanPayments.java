package io.cdcfanout.consumers.loanpayment;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.Instant;

/** The payments seen for one loan, as served by {@code GET /payments}. */
@RegisterForReflection
public record LoanPayments(String loanId, int payments, BigDecimal totalPaid, String lastPaymentId, Instant lastPaymentDate) {
}
