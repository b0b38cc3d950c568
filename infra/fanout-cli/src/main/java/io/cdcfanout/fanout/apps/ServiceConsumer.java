package io.cdcfanout.fanout.apps;

/** The service consumer (module {@code consumers/service}): consumes {@code filtered-service-events} with the consumer SDK. */
public final class ServiceConsumer extends ConsumerApp {

    public static final String NAME = "service-consumer";

    public ServiceConsumer() {
        super(NAME, "consumers/service", 8093, "/dealers", "Service consumer (filtered-service-events)");
    }
}
