-- Running payment totals per loan: each payment event adds to them once (see handled_event).
CREATE TABLE loan_payments (
    loan_id           text PRIMARY KEY,
    payments          integer     NOT NULL,
    total_paid        numeric     NOT NULL,
    last_payment_id   text        NOT NULL,
    last_payment_date timestamptz NOT NULL
);
