package io.cdcfanout.consumers.car;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The cars seen since start (in memory: a demo projection). */
@ApplicationScoped
public class Cars {

    private final Map<String, CarView> byId = new ConcurrentHashMap<>();

    void put(CarView car) {
        byId.put(car.id(), car);
    }

    public Optional<CarView> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<CarView> all() {
        return byId.values().stream().sorted(Comparator.comparing(CarView::id)).toList();
    }
}
