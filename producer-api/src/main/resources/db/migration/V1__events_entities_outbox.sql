-- Every accepted event, as accepted (the full JSON) plus its header columns. The primary key is the
-- event id, which makes retries idempotent: a second insert of the same id does nothing.
CREATE TABLE business_event (
    event_id          uuid         PRIMARY KEY,
    event_type        varchar(64)  NOT NULL,
    event_name        varchar(255) NOT NULL,
    primary_entity_id varchar(255) NOT NULL,
    created_date      timestamptz  NOT NULL,
    saved_date        timestamptz  NOT NULL,
    received_at       timestamptz  NOT NULL DEFAULT now(),
    event             jsonb        NOT NULL
);
CREATE INDEX business_event_primary_entity_idx ON business_event (primary_entity_id, created_date);

-- The latest state of each entity, one table per entity type (the layout of the system we replace).
-- Rows are upserted with INSERT ... ON CONFLICT, so concurrent events on a new id never race.
CREATE TABLE car_entities (
    id                 varchar(255) PRIMARY KEY,
    entity_type        varchar(64)  NOT NULL,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    updated_attributes jsonb        NOT NULL,
    last_event_id      uuid         NOT NULL
);
CREATE TABLE loan_entities            (LIKE car_entities INCLUDING ALL);
CREATE TABLE loan_payment_entities    (LIKE car_entities INCLUDING ALL);
CREATE TABLE service_record_entities  (LIKE car_entities INCLUDING ALL);
CREATE TABLE service_details_entities (LIKE car_entities INCLUDING ALL);
CREATE TABLE part_used_entities       (LIKE car_entities INCLUDING ALL);

-- The Debezium outbox table written by debezium-quarkus-outbox (its default column names) plus
-- eventid, which the connector places in the Kafka header eventId. The payload is jsonb; rows are
-- deleted in the inserting transaction, so the table stays empty and Debezium reads the WAL insert.
CREATE TABLE outboxevent (
    id                 uuid         PRIMARY KEY,
    aggregatetype      varchar(255) NOT NULL,
    aggregateid        varchar(255) NOT NULL,
    type               varchar(255) NOT NULL,
    timestamp          timestamptz  NOT NULL,
    payload            jsonb        NOT NULL,
    tracingspancontext varchar(256),
    eventid            uuid         NOT NULL
);
