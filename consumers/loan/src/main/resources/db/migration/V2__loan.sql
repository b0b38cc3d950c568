-- The loans seen, by id; event_id is the event that wrote the row last.
CREATE TABLE loan (
    id                    text PRIMARY KEY,
    car_id                text             NOT NULL,
    financial_institution text,
    loan_amount           numeric          NOT NULL,
    balance               numeric          NOT NULL,
    interest_rate         double precision NOT NULL,
    term_months           integer          NOT NULL,
    monthly_payment       numeric          NOT NULL,
    status                text             NOT NULL,
    start_date            timestamptz      NOT NULL,
    event_id              uuid             NOT NULL
);
