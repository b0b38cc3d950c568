-- Services and revenue per dealer: each service event adds to them once (see handled_event).
CREATE TABLE dealer_services (
    dealer_id         text PRIMARY KEY,
    dealer_name       text,
    services          integer     NOT NULL,
    revenue           numeric     NOT NULL,
    last_car_id       text        NOT NULL,
    last_service_date timestamptz NOT NULL
);
