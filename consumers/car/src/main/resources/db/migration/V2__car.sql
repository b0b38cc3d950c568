-- The cars seen, by id; event_id is the event that wrote the row last.
CREATE TABLE car (
    id         text PRIMARY KEY,
    vin        text,
    make       text,
    model      text,
    year       integer     NOT NULL,
    color      text,
    mileage    integer     NOT NULL,
    owner      text,
    created_at timestamptz NOT NULL,
    event_id   uuid        NOT NULL
);
