-- Generated from flink-jobs/routing-rules.yaml by `flink-jobs/route generate`: do not edit, regenerate.
-- Tables for Confluent Cloud for Apache Flink: each table is the topic of the same name.

-- Raw events: key and value as bytes/text, so malformed values reach the dead-letter topic instead of failing the job.
CREATE TABLE IF NOT EXISTS `raw-business-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA VIRTUAL,
  `source_partition` INT METADATA FROM 'partition' VIRTUAL,
  `source_offset` BIGINT METADATA FROM 'offset' VIRTUAL
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'raw'
);

-- Records that cannot be routed.
CREATE TABLE IF NOT EXISTS `raw-business-events-dlq` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);

CREATE TABLE IF NOT EXISTS `filtered-car-created-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);

CREATE TABLE IF NOT EXISTS `filtered-loan-created-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);

CREATE TABLE IF NOT EXISTS `filtered-loan-payment-submitted-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);

CREATE TABLE IF NOT EXISTS `filtered-service-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);

CREATE TABLE IF NOT EXISTS `filtered-dealer-001-service-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);

CREATE TABLE IF NOT EXISTS `filtered-large-loan-events` (
  `event_key` BYTES,
  `event` STRING,
  `headers` MAP<BYTES, BYTES> METADATA
)
DISTRIBUTED BY (`event_key`) WITH (
  'changelog.mode' = 'append',
  'key.format' = 'raw',
  'value.format' = 'raw'
);
