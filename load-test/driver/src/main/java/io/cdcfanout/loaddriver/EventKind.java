package io.cdcfanout.loaddriver;

/** The four event types a load run sends, in the order each entity chain is built. */
public enum EventKind {
    CAR_CREATED("CarCreated", "car-created-event.json", "CAR"),
    LOAN_CREATED("LoanCreated", "loan-created-event.json", "LOAN"),
    LOAN_PAYMENT_SUBMITTED("LoanPaymentSubmitted", "loan-payment-submitted-event.json", "PAYMENT"),
    CAR_SERVICE_DONE("CarServiceDone", "car-service-done-event.json", "SERVICE");

    private final String eventType;
    private final String template;
    private final String idInfix;

    EventKind(String eventType, String template, String idInfix) {
        this.eventType = eventType;
        this.template = template;
        this.idInfix = idInfix;
    }

    /** The {@code eventHeader.eventType} value. */
    public String eventType() {
        return eventType;
    }

    String template() {
        return template;
    }

    /** The id of the n-th entity of this kind in a run: {@code <run>-<INFIX>-<n>}. */
    public String entityId(String runId, long n) {
        return runId + "-" + idInfix + "-" + n;
    }
}
