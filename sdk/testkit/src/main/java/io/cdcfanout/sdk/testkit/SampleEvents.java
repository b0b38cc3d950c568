package io.cdcfanout.sdk.testkit;

import io.cdcfanout.events.Car;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.EntityHeader;
import io.cdcfanout.events.EntityType;
import io.cdcfanout.events.EventHeader;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPayment;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.LoanStatus;
import io.cdcfanout.events.ServiceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Valid events of every type, each with a fresh event uuid and the current time as creation date (so
 * end-to-end delay metrics stay meaningful). Values follow the contract samples; builders of the
 * generated classes ({@code CarCreated.newBuilder(SampleEvents.carCreated("C")) ...}) vary them.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static CarCreated carCreated(String carId) {
        Instant now = now();
        return CarCreated.newBuilder()
                .setEventHeader(header(EventType.CarCreated, "Car Created", now))
                .setEntities(List.of(Car.newBuilder()
                        .setEntityHeader(entityHeader(carId, EntityType.Car, now))
                        .setId(carId)
                        .setVin("5TDJKRFH4LS123456")
                        .setMake("Tesla")
                        .setModel("Model S")
                        .setYear(2025)
                        .setColor("Midnight Silver")
                        .setMileage(0)
                        .setLastServiceDate(now)
                        .setTotalBalance(new BigDecimal("0.00"))
                        .setLastLoanPaymentDate(now)
                        .setOwner("John Doe")
                        .build()))
                .build();
    }

    /** A loan of {@code amount} (two decimals at most). */
    public static LoanCreated loanCreated(String loanId, String carId, String amount) {
        Instant now = now();
        BigDecimal loanAmount = new BigDecimal(amount).setScale(2);
        return LoanCreated.newBuilder()
                .setEventHeader(header(EventType.LoanCreated, "Loan Created", now))
                .setEntities(List.of(Loan.newBuilder()
                        .setEntityHeader(entityHeader(loanId, EntityType.Loan, now))
                        .setId(loanId)
                        .setCarId(carId)
                        .setFinancialInstitution("First National Bank")
                        .setBalance(loanAmount)
                        .setLastPaidDate(now)
                        .setLoanAmount(loanAmount)
                        .setInterestRate(0.045)
                        .setTermMonths(60)
                        .setStartDate(now)
                        .setStatus(LoanStatus.active)
                        .setMonthlyPayment(new BigDecimal("932.16"))
                        .build()))
                .build();
    }

    public static LoanCreated loanCreated(String loanId) {
        return loanCreated(loanId, "CAR-2025-001", "50000.00");
    }

    /** A payment of {@code amount} on a loan. */
    public static LoanPaymentSubmitted loanPaymentSubmitted(String paymentId, String loanId, String amount) {
        Instant now = now();
        return LoanPaymentSubmitted.newBuilder()
                .setEventHeader(header(EventType.LoanPaymentSubmitted, "Loan Payment Submitted", now))
                .setEntities(List.of(LoanPayment.newBuilder()
                        .setEntityHeader(entityHeader(paymentId, EntityType.LoanPayment, now))
                        .setId(paymentId)
                        .setLoanId(loanId)
                        .setAmount(new BigDecimal(amount).setScale(2))
                        .setPaymentDate(now)
                        .build()))
                .build();
    }

    /** A service of a car at a dealer, costing {@code amountPaid}. */
    public static CarServiceDone carServiceDone(String serviceId, String carId, String dealerId, String amountPaid) {
        Instant now = now();
        return CarServiceDone.newBuilder()
                .setEventHeader(header(EventType.CarServiceDone, "Car Service Done", now))
                .setEntities(List.of(ServiceRecord.newBuilder()
                        .setEntityHeader(entityHeader(serviceId, EntityType.ServiceRecord, now))
                        .setId(serviceId)
                        .setCarId(carId)
                        .setServiceDate(now)
                        .setAmountPaid(new BigDecimal(amountPaid).setScale(2))
                        .setDealerId(dealerId)
                        .setDealerName("Tesla Service Center - San Francisco")
                        .setMileageAtService(5000)
                        .setDescription("Regular maintenance")
                        .build()))
                .build();
    }

    private static EventHeader header(EventType type, String name, Instant now) {
        return EventHeader.newBuilder()
                .setUuid(UUID.randomUUID().toString())
                .setEventName(name)
                .setEventType(type)
                .setCreatedDate(now)
                .setSavedDate(now)
                .build();
    }

    private static EntityHeader entityHeader(String id, EntityType type, Instant now) {
        return EntityHeader.newBuilder().setEntityId(id).setEntityType(type).setCreatedAt(now).setUpdatedAt(now).build();
    }

    /** Millisecond precision: what timestamp-millis keeps, so events compare equal after a round trip. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
