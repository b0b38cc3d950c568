package io.cdcfanout.consumers.loan;

import io.cdcfanout.events.FinancialInstitution;
import io.cdcfanout.events.Loan;
import io.cdcfanout.sdk.consumer.EventContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.Instant;

/** What the consumer remembers of a loan, as served by {@code GET /loans}. */
@RegisterForReflection
public record LoanView(
        String id,
        String carId,
        String financialInstitution,
        BigDecimal loanAmount,
        BigDecimal balance,
        double interestRate,
        int termMonths,
        BigDecimal monthlyPayment,
        String status,
        Instant startDate,
        String eventId) {

    static LoanView of(Loan loan, EventContext context) {
        String institution = loan.getFinancialInstitution() instanceof FinancialInstitution fi
                ? fi.getName()
                : String.valueOf(loan.getFinancialInstitution());
        return new LoanView(loan.getId(), loan.getCarId(), institution, loan.getLoanAmount(), loan.getBalance(),
                loan.getInterestRate(), loan.getTermMonths(), loan.getMonthlyPayment(), loan.getStatus().name(),
                loan.getStartDate(), context.eventId());
    }
}
