package io.cdcfanout.consumers.service;

import io.cdcfanout.events.ServiceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Services and revenue per dealer since start (in memory: a demo projection). */
@ApplicationScoped
public class DealerBoard {

    private final Map<String, DealerServices> byDealer = new ConcurrentHashMap<>();

    DealerServices add(ServiceRecord service) {
        return byDealer.merge(service.getDealerId(),
                new DealerServices(service.getDealerId(), service.getDealerName(), 1, service.getAmountPaid(), service.getCarId(), service.getServiceDate()),
                (seen, added) -> new DealerServices(seen.dealerId(), added.dealerName(), seen.services() + 1, seen.revenue().add(added.revenue()),
                        added.lastCarId(), added.lastServiceDate()));
    }

    public Optional<DealerServices> dealer(String dealerId) {
        return Optional.ofNullable(byDealer.get(dealerId));
    }

    public List<DealerServices> all() {
        return byDealer.values().stream().sorted(Comparator.comparing(DealerServices::dealerId)).toList();
    }
}
