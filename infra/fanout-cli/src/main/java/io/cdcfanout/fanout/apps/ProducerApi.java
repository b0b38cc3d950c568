package io.cdcfanout.fanout.apps;

import io.cdcfanout.localstack.components.Kafka;
import io.cdcfanout.localstack.components.KafkaConnect;
import io.cdcfanout.localstack.components.Postgres;
import java.util.List;

/**
 * The producer API (module {@code producer-api}): business events in over REST, stored with their
 * entities and a Debezium outbox record in PostgreSQL. Connect must run first so the outbox
 * connector captures the first event. Health, metrics and OpenAPI ({@code /q/*}) are on its
 * management port, 9081 ({@code FANOUT_PRODUCER_API_MANAGEMENT_PORT}), not on the API's 8081.
 */
public final class ProducerApi extends QuarkusApp {

    public static final String NAME = "producer-api";

    public ProducerApi() {
        super(NAME, "producer-api", 8081, 9081, "Producer API (REST, events → PostgreSQL + outbox)",
                List.of(Postgres.NAME, Kafka.NAME, KafkaConnect.NAME));
    }
}
