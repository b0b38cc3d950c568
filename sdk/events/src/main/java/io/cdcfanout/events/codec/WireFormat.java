package io.cdcfanout.events.codec;

/** How an event is encoded in a Kafka record value: the formats the pipeline can emit. */
public enum WireFormat {
    /** The contract's JSON object, UTF-8, no envelope (what Debezium writes to raw-business-events). */
    JSON,
    /** Confluent framing (magic byte 0, 4-byte big-endian schema id) followed by the JSON object, as Confluent Cloud's json-registry writes. */
    REGISTRY_JSON,
    /** Confluent framing followed by Avro binary encoded with the writer schema registered under that id. */
    AVRO
}
