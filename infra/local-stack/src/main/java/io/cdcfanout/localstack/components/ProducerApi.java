package io.cdcfanout.localstack.components;

import java.util.List;

/**
 * The producer API (module {@code producer-api}): business events in over REST, stored with their
 * entities and a Debezium outbox record in PostgreSQL. Connect must run first so the outbox
 * connector captures the first event.
 */
public final class ProducerApi extends QuarkusApp {

    public static final String NAME = "producer-api";

    public ProducerApi() {
        super(NAME, "producer-api", 8081, "Producer API (REST, events → PostgreSQL + outbox)",
                List.of(Postgres.NAME, Kafka.NAME, KafkaConnect.NAME));
    }
}
