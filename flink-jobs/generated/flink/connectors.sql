-- Generated from flink-jobs/routing-rules.yaml by `flink-jobs/route generate`: do not edit, regenerate.
-- Connector DDL for Apache Flink's Kafka connector. The routing job fills in ${KAFKA_BOOTSTRAP_SERVERS}.

-- Raw events: key and value as bytes/text, so malformed values reach the dead-letter topic instead of failing the job.
CREATE TABLE `raw-business-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<STRING, BYTES> METADATA,
  `source_partition` INT METADATA FROM 'partition' VIRTUAL,
  `source_offset` BIGINT METADATA FROM 'offset' VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic' = 'raw-business-events',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = 'cdc-fanout-routing',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'properties.isolation.level' = 'read_committed',
  'key.format' = 'raw',
  'key.fields' = 'event_key',
  'value.format' = 'raw',
  'value.fields-include' = 'EXCEPT_KEY'
);

-- Records that cannot be routed.
CREATE TABLE `raw-business-events-dlq` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<STRING, BYTES> METADATA
) WITH (
  'connector' = 'kafka',
  'topic' = 'raw-business-events-dlq',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'sink.delivery-guarantee' = 'at-least-once',
  'properties.max.request.size' = '1048576',
  'key.format' = 'raw',
  'key.fields' = 'event_key',
  'value.format' = 'raw',
  'value.fields-include' = 'EXCEPT_KEY'
);

-- Every JSON route and the dead-letter topic: one Kafka sink (one producer), each record written to the topic in its `topic` column.
CREATE TABLE `routed_records` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<STRING, BYTES> METADATA,
  `topic` STRING METADATA
) WITH (
  'connector' = 'kafka',
  'topic' = 'filtered-car-created-events;filtered-loan-created-events;filtered-loan-payment-submitted-events;filtered-service-events;filtered-dealer-001-service-events;filtered-large-loan-events;raw-business-events-dlq',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'sink.delivery-guarantee' = 'at-least-once',
  'properties.max.request.size' = '1048576',
  'key.format' = 'raw',
  'key.fields' = 'event_key',
  'value.format' = 'raw',
  'value.fields-include' = 'EXCEPT_KEY'
);
