package io.cdcfanout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.events.EventType;
import io.cdcfanout.events.Loan;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void everyRecordOfTheEventsIsCreatedWithItsConstructorNotByReflection() {
        Set<Schema> records = new LinkedHashSet<>();
        for (EventType type : EventType.values()) {
            collectRecords(Events.schema(type), records);
        }

        assertThat(records).isNotEmpty().allSatisfy(record -> {
            Class<?> generated = Events.READING_MODEL.getClass(record);
            assertThat(Events.CONSTRUCTORS).as(record.getFullName()).containsKey(generated);
            assertThat(Events.CONSTRUCTORS.get(generated).get()).isInstanceOf(generated);
        });
        assertThat(Events.CONSTRUCTORS).hasSameSizeAs(records);
    }

    @Test
    void readingModelCreatesTheGeneratedClassAndReusesAnInstanceOfIt() {
        Schema schema = Loan.getClassSchema();
        Loan old = new Loan();

        assertThat(Events.READING_MODEL.getNewRecordSupplier(schema).newInstance(null, schema)).isInstanceOf(Loan.class);
        assertThat(Events.READING_MODEL.getNewRecordSupplier(schema).newInstance(old, schema)).isSameAs(old);
    }

    private static void collectRecords(Schema schema, Set<Schema> records) {
        switch (schema.getType()) {
            case RECORD -> {
                if (records.add(schema)) {
                    schema.getFields().forEach(field -> collectRecords(field.schema(), records));
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> collectRecords(branch, records));
            case ARRAY -> collectRecords(schema.getElementType(), records);
            default -> {
            }
        }
    }
}
