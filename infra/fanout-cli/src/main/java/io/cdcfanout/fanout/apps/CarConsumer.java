package io.cdcfanout.fanout.apps;

/** The car consumer (module {@code consumers/car}): consumes {@code filtered-car-created-events} with the consumer SDK. */
public final class CarConsumer extends ConsumerApp {

    public static final String NAME = "car-consumer";

    public CarConsumer() {
        super(NAME, "consumers/car", 8094, "/cars", "Car consumer (filtered-car-created-events)");
    }
}
