package io.cdcfanout.consumers.service;

import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.ServiceRecord;
import io.cdcfanout.sdk.consumer.CdcEventHandler;
import io.cdcfanout.sdk.consumer.EventContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Counts services and revenue per dealer, one log line per service record. */
@ApplicationScoped
public class ServiceHandler implements CdcEventHandler {

    private static final Logger LOG = Logger.getLogger(ServiceHandler.class);

    private final DealerBoard dealers;

    ServiceHandler(DealerBoard dealers) {
        this.dealers = dealers;
    }

    @Override
    public void onCarServiceDone(CarServiceDone event, EventContext context) {
        // Service details and parts may travel with the record; the board only needs the service records.
        for (Object entity : event.getEntities()) {
            if (entity instanceof ServiceRecord service) {
                DealerServices dealer = dealers.add(service);
                LOG.infof("service %s of car %s at %s for %s: dealer has %d services, %s revenue [event %s, rule %s]", service.getId(),
                        service.getCarId(), service.getDealerId(), service.getAmountPaid(), dealer.services(), dealer.revenue(),
                        context.eventId(), context.routingRuleId());
            }
        }
    }
}
