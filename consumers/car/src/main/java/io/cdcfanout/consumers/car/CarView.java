package io.cdcfanout.consumers.car;

import io.cdcfanout.events.Car;
import io.cdcfanout.events.Owner;
import io.cdcfanout.sdk.consumer.EventContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** What the consumer remembers of a car, as served by {@code GET /cars}. */
@RegisterForReflection
public record CarView(String id, String vin, String make, String model, int year, String color, int mileage, String owner,
        Instant createdAt, String eventId) {

    static CarView of(Car car, EventContext context) {
        String owner = car.getOwner() instanceof Owner o
                ? String.join(" ", String.valueOf(o.getFirstName()), String.valueOf(o.getLastName()))
                : String.valueOf(car.getOwner());
        return new CarView(car.getId(), car.getVin(), car.getMake(), car.getModel(), car.getYear(), car.getColor(), car.getMileage(),
                owner, car.getEntityHeader().getCreatedAt(), context.eventId());
    }
}
