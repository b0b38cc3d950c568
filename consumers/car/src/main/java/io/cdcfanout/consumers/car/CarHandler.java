package io.cdcfanout.consumers.car;

import io.cdcfanout.consumers.projection.HandledEvents;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** Keeps every car created in table {@code car}, each event applied once ({@link HandledEvents}), one log line per car. */
@ApplicationScoped
public class CarHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(CarHandler.class);

    private final Cars cars;
    private final HandledEvents handled;

    CarHandler(Cars cars, HandledEvents handled) {
        this.cars = cars;
        this.handled = handled;
    }

    @Override
    public void onCarCreated(CarCreated event, EventContext context) throws Exception {
        List<CarView> views = event.getEntities().stream().map(car -> CarView.of(car, context)).toList();
        boolean applied = handled.once(context, connection -> {
            for (CarView view : views) {
                cars.put(connection, view);
            }
        });
        if (!applied) {
            return;
        }
        for (CarView view : views) {
            LOG.infof("car %s: %d %s %s, VIN %s, owner %s [event %s, rule %s]", view.id(), view.year(), view.make(), view.model(),
                    view.vin(), view.owner(), context.eventId(), context.routingRuleId());
        }
    }
}
