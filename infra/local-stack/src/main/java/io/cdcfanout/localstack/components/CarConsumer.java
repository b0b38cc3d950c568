package io.cdcfanout.localstack.components;

import java.util.List;

/** The car consumer (module {@code consumers/car}): consumes {@code filtered-car-created-events} with the consumer SDK. */
public final class CarConsumer extends QuarkusApp {

    public static final String NAME = "car-consumer";

    public CarConsumer() {
        super(NAME, "consumers/car", 8094, "Car consumer (filtered-car-created-events, GET /cars)", List.of(Kafka.NAME, SchemaRegistry.NAME));
    }
}
