package com.example.loanaudit;

import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the amount of every loan created, by loan id: the whole consumer is this handler and two lines of configuration. */
@ApplicationScoped
public class LoanAudit implements CdcEventHandler {

    private final Map<String, BigDecimal> amounts = new ConcurrentHashMap<>();

    @Override
    public void onLoanCreated(LoanCreated event, EventContext context) {
        for (Loan loan : event.getEntities()) {
            amounts.put(loan.getId(), loan.getLoanAmount());
        }
    }

    public Map<String, BigDecimal> amounts() {
        return Map.copyOf(amounts);
    }
}
