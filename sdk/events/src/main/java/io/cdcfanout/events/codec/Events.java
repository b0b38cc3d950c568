package io.cdcfanout.events.codec;

import io.cdcfanout.events.CarCreated;
import io.cdcfanout.events.CarServiceDone;
import io.cdcfanout.events.EventHeader;
import io.cdcfanout.events.EventType;
import io.cdcfanout.events.LoanCreated;
import io.cdcfanout.events.LoanPaymentSubmitted;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** What every typed event has in common, for code that handles all four types. */
public final class Events {

    /**
     * The Avro data model of the generated classes: creates them by schema and converts logical types
     * (timestamp-millis ↔ {@link java.time.Instant}, decimal ↔ {@link java.math.BigDecimal}). Bound to
     * this library's class loader so it finds the generated classes inside Quarkus and native images.
     */
    public static final SpecificData MODEL = model();

    /** {@link EventType#values()} copies its array on every call; type names are looked up for every record. */
    private static final EventType[] TYPES = EventType.values();

    private Events() {
    }

    private static SpecificData model() {
        SpecificData model = new SpecificData(Events.class.getClassLoader());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new CompactDecimalConversion());
        return model;
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
        return (EventHeader) event.get(event.getSchema().getField("eventHeader").pos());
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
