-- The W3C trace context of the event's span in the producer (docs/OPERATIONS.md "Traces"), two ways:
-- * traceparent: the bare header value (00-<trace id>-<span id>-<flags>); the outbox router places it as the
--   record's Kafka header traceparent (infra/connect/outbox-connector.json), which every OpenTelemetry
--   instrumented Kafka client downstream continues. Null when the request was not traced.
-- * tracingspancontext (V1): the same context as java.util.Properties text (traceparent=00-…), the format
--   Debezium's own tracing reads when Kafka Connect runs with OpenTelemetry.
-- 128 characters: version 00 takes 55, later versions may append fields.
ALTER TABLE outboxevent ADD COLUMN IF NOT EXISTS traceparent varchar(128);
