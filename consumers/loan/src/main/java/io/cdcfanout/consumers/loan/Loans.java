package io.cdcfanout.consumers.loan;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The loans seen since start (in memory: a demo projection, rebuilt from the topic after a restart with a new group). */
@ApplicationScoped
public class Loans {

    private final Map<String, LoanView> byId = new ConcurrentHashMap<>();

    void put(LoanView loan) {
        byId.put(loan.id(), loan);
    }

    public Optional<LoanView> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<LoanView> all() {
        return byId.values().stream().sorted(Comparator.comparing(LoanView::id)).toList();
    }
}
