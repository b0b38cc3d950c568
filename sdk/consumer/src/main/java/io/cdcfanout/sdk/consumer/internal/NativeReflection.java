package io.cdcfanout.sdk.consumer.internal;

import io.cdcfanout.events.Address;
import io.cdcfanout.events.Car;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.Contact;
import io.cdcfanout.events.EntityHeader;
import io.cdcfanout.events.EntityType;
import io.cdcfanout.events.EventHeader;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.FinancialInstitution;
import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPayment;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.LoanStatus;
import io.cdcfanout.events.Owner;
import io.cdcfanout.events.PartUsed;
import io.cdcfanout.events.ServiceDetails;
import io.cdcfanout.events.ServiceRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: Avro creates the generated event classes and enums reflectively (by schema name), so
 * they are registered here; everything else the SDK does needs no reflection.
 */
@RegisterForReflection(targets = {
    CarCreated.class, LoanCreated.class, LoanPaymentSubmitted.class, CarServiceDone.class,
    EventHeader.class, EntityHeader.class, EventType.class, EntityType.class, LoanStatus.class,
    Car.class, Owner.class, Address.class, Loan.class, FinancialInstitution.class, Contact.class,
    LoanPayment.class, ServiceRecord.class, ServiceDetails.class, PartUsed.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
