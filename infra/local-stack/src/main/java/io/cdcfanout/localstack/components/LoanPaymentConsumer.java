package io.cdcfanout.localstack.components;

import java.util.List;

/** The loan-payment consumer (module {@code consumers/loan-payment}): consumes {@code filtered-loan-payment-submitted-events} with the consumer SDK. */
public final class LoanPaymentConsumer extends QuarkusApp {

    public static final String NAME = "loan-payment-consumer";

    public LoanPaymentConsumer() {
        super(NAME, "consumers/loan-payment", 8092, "Loan payment consumer (filtered-loan-payment-submitted-events, GET /payments)", List.of(Kafka.NAME, SchemaRegistry.NAME));
    }
}
