package io.cdcfanout.fanout.apps;

/** The loan consumer (module {@code consumers/loan}): consumes {@code filtered-loan-created-events} with the consumer SDK. */
public final class LoanConsumer extends ConsumerApp {

    public static final String NAME = "loan-consumer";

    public LoanConsumer() {
        super(NAME, "consumers/loan", 8091, "/loans", "Loan consumer (filtered-loan-created-events)");
    }
}
