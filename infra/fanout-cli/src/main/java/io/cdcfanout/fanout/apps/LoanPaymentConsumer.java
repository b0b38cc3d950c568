package io.cdcfanout.fanout.apps;

/** The loan-payment consumer (module {@code consumers/loan-payment}): consumes {@code filtered-loan-payment-submitted-events} with the consumer SDK. */
public final class LoanPaymentConsumer extends ConsumerApp {

    public static final String NAME = "loan-payment-consumer";

    public LoanPaymentConsumer() {
        super(NAME, "consumers/loan-payment", 8092, "/payments", "Loan payment consumer (filtered-loan-payment-submitted-events)");
    }
}
