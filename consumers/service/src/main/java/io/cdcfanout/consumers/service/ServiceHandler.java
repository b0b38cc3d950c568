package io.cdcfanout.consumers.service;

import io.cdcfanout.consumers.projection.HandledEvents;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.ServiceRecord;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Counts services and revenue per dealer, each event once ({@link HandledEvents}: a re-delivered event is not counted
 * again), one log line per service record.
 */
@ApplicationScoped
public class ServiceHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(ServiceHandler.class);

    private final DealerBoard dealers;
    private final HandledEvents handled;

    ServiceHandler(DealerBoard dealers, HandledEvents handled) {
        this.dealers = dealers;
        this.handled = handled;
    }

    @Override
    public void onCarServiceDone(CarServiceDone event, EventContext context) throws Exception {
        // Service details and parts may travel with the record; the board only needs the service records.
        List<ServiceRecord> services = new ArrayList<>();
        for (Object entity : event.getEntities()) {
            if (entity instanceof ServiceRecord service) {
                services.add(service);
            }
        }
        List<DealerServices> totals = new ArrayList<>();
        boolean applied = handled.once(context, connection -> {
            totals.clear(); // a transaction tried again starts over
            for (ServiceRecord service : services) {
                totals.add(dealers.add(connection, service));
            }
        });
        if (!applied) {
            return;
        }
        for (int i = 0; i < services.size(); i++) {
            ServiceRecord service = services.get(i);
            DealerServices dealer = totals.get(i);
            LOG.infof("service %s of car %s at %s for %s: dealer has %d services, %s revenue [event %s, rule %s]", service.getId(),
                    service.getCarId(), service.getDealerId(), service.getAmountPaid(), dealer.services(), dealer.revenue(),
                    context.eventId(), context.routingRuleId());
        }
    }
}
