package io.cdcfanout.events.codec;

import io.cdcfanout.events.Address;
import io.cdcfanout.events.Car;
import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.Contact;
import io.cdcfanout.events.EntityHeader;
import io.cdcfanout.events.EventHeader;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.FinancialInstitution;
import io.cdcfanout.events.Loan;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPayment;
import io.cdcfanout.events.LoanPaymentSubmitted;
import io.cdcfanout.events.Owner;
import io.cdcfanout.events.PartUsed;
import io.cdcfanout.events.ServiceDetails;
import io.cdcfanout.events.ServiceRecord;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** What every typed event has in common, for code that handles all four types. */
public final class Events {

    /** Every generated record class and its constructor, for {@link #READING_MODEL}. */
    static final Map<Class<?>, Supplier<SpecificRecord>> CONSTRUCTORS = Map.ofEntries(
            Map.entry(CarCreated.class, CarCreated::new),
            Map.entry(LoanCreated.class, LoanCreated::new),
            Map.entry(LoanPaymentSubmitted.class, LoanPaymentSubmitted::new),
            Map.entry(CarServiceDone.class, CarServiceDone::new),
            Map.entry(EventHeader.class, EventHeader::new),
            Map.entry(EntityHeader.class, EntityHeader::new),
            Map.entry(Car.class, Car::new),
            Map.entry(Owner.class, Owner::new),
            Map.entry(Address.class, Address::new),
            Map.entry(Loan.class, Loan::new),
            Map.entry(FinancialInstitution.class, FinancialInstitution::new),
            Map.entry(Contact.class, Contact::new),
            Map.entry(LoanPayment.class, LoanPayment::new),
            Map.entry(ServiceRecord.class, ServiceRecord::new),
            Map.entry(ServiceDetails.class, ServiceDetails::new),
            Map.entry(PartUsed.class, PartUsed::new));

    /**
     * The Avro data model of the generated classes: creates them by schema and converts logical types
     * (timestamp-millis ↔ {@link java.time.Instant}, decimal ↔ {@link java.math.BigDecimal}). Bound to
     * this library's class loader so it finds the generated classes inside Quarkus and native images.
     */
    public static final SpecificData MODEL = withConversions(new SpecificData(Events.class.getClassLoader()));

    /**
     * {@link #MODEL}, creating the generated classes with their constructors instead of by reflection: Avro's reflective
     * creation was the largest cost left in decoding an Avro event (4 records each) after its strings. For this
     * package's readers only: Avro turns its fast reader on by itself for its own two model classes only, so
     * {@link EventAvro} builds it explicitly. A record type missing from {@link #CONSTRUCTORS} is still created, by
     * reflection ({@code EventsTest} fails for it).
     */
    static final SpecificData READING_MODEL = withConversions(new ConstructingModel());

    /** {@link EventType#values()} copies its array on every call; type names are looked up for every record. */
    private static final EventType[] TYPES = EventType.values();

    private Events() {
    }

    private static SpecificData withConversions(SpecificData model) {
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new CompactDecimalConversion());
        return model;
    }

    /** See {@link #READING_MODEL}. */
    private static final class ConstructingModel extends SpecificData {

        ConstructingModel() {
            super(Events.class.getClassLoader());
        }

        @Override
        public InstanceSupplier getNewRecordSupplier(Schema schema) {
            Class<?> type = getClass(schema);
            Supplier<SpecificRecord> constructor = CONSTRUCTORS.get(type);
            if (constructor == null) {
                return super.getNewRecordSupplier(schema);
            }
            return (old, ignored) -> type.isInstance(old) ? old : constructor.get();
        }
    }

    /** The reader schema of an event type: the one the SDK decodes every format into. */
    public static Schema schema(EventType type) {
        return switch (type) {
            case CarCreated -> CarCreated.getClassSchema();
            case LoanCreated -> LoanCreated.getClassSchema();
            case LoanPaymentSubmitted -> LoanPaymentSubmitted.getClassSchema();
            case CarServiceDone -> CarServiceDone.getClassSchema();
        };
    }

    /** The type named {@code name} ({@code CarCreated}…), or {@code null} if there is none. */
    public static EventType typeNamed(String name) {
        for (EventType type : TYPES) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The header of a typed event. */
    public static EventHeader header(SpecificRecord event) {
        // The consumer asks for every record, three times: the generated getters, no field lookup by name.
        return switch (event) {
            case CarCreated carCreated -> carCreated.getEventHeader();
            case LoanCreated loanCreated -> loanCreated.getEventHeader();
            case LoanPaymentSubmitted paymentSubmitted -> paymentSubmitted.getEventHeader();
            case CarServiceDone serviceDone -> serviceDone.getEventHeader();
            default -> (EventHeader) event.get(event.getSchema().getField("eventHeader").pos());
        };
    }

    /**
     * The id of the event's primary entity (its first entity): the Kafka key of the event, so that
     * all events of one entity stay in order on one partition.
     */
    public static String primaryEntityId(SpecificRecord event) {
        List<?> entities = (List<?>) event.get(event.getSchema().getField("entities").pos());
        if (entities.isEmpty()) {
            throw new EventFormatException("$.entities is empty");
        }
        SpecificRecord first = (SpecificRecord) entities.get(0);
        return (String) first.get(first.getSchema().getField("id").pos());
    }
}
