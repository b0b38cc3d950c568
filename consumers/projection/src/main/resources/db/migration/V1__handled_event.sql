-- The events this consumer has applied to its view, written in the same transaction as the view change
-- (HandledEvents): an id found here means the event is in the view, so a re-delivery changes nothing.
-- The consumer's own view tables come in its migrations, from V2 on.
CREATE TABLE handled_event (
    event_id        uuid PRIMARY KEY,
    event_type      text        NOT NULL,
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    handled_at      timestamptz NOT NULL DEFAULT now()
);
