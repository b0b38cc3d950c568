package io.cdcfanout.consumers.car;

import io.cdcfanout.events.Car;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps every car created, one log line each. */
@ApplicationScoped
public class CarHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(CarHandler.class);

    private final Cars cars;

    CarHandler(Cars cars) {
        this.cars = cars;
    }

    @Override
    public void onCarCreated(CarCreated event, EventContext context) {
        for (Car car : event.getEntities()) {
            CarView view = CarView.of(car, context);
            cars.put(view);
            LOG.infof("car %s: %d %s %s, VIN %s, owner %s [event %s, rule %s]", view.id(), view.year(), view.make(), view.model(),
                    view.vin(), view.owner(), context.eventId(), context.routingRuleId());
        }
    }
}
