package io.cdcfanout.producerapi.event;

import java.util.Arrays;
import java.util.Optional;

/** The entity types of the event model and the table that holds the latest state of each. */
public enum EntityType {
    CAR("Car", "car_entities"),
    LOAN("Loan", "loan_entities"),
    LOAN_PAYMENT("LoanPayment", "loan_payment_entities"),
    SERVICE_RECORD("ServiceRecord", "service_record_entities"),
    SERVICE_DETAILS("ServiceDetails", "service_details_entities"),
    PART_USED("PartUsed", "part_used_entities");

    private final String jsonName;
    private final String table;

    EntityType(String jsonName, String table) {
        this.jsonName = jsonName;
        this.table = table;
    }

    /** The name used in {@code entityHeader.entityType}. */
    public String jsonName() {
        return jsonName;
    }

    public String table() {
        return table;
    }

    public static Optional<EntityType> fromJson(String name) {
        return Arrays.stream(values()).filter(type -> type.jsonName.equals(name)).findFirst();
    }
}
