package io.cdcfanout.events.codec;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads Avro binary written with exactly the reader's own schema (a generated event class's) into the generated
 * classes, without Avro's resolving reader: a plan made once from the schema holds a small reader per field, chosen
 * from the field's type and logical type, and the values are read in place from the bytes ({@link AvroInput}). It
 * gives what Avro's reader with {@link Events#READING_MODEL} gives for the same bytes (records from their constructors,
 * {@code String}s, {@code Instant}s, {@code BigDecimal}s through {@link CompactDecimalConversion}, arrays as
 * {@link GenericData.Array}), at a fraction of the cost. The plan follows the schema, so it follows
 * {@code events.avdl}; a type it cannot read fails when the plan is made ({@code OwnSchemaReaderTest} makes the plans of
 * all event types).
 */
final class OwnSchemaReader extends EventAvro.Reader {

    private final ValueReader root;

    /** @throws IllegalArgumentException if {@code schema} uses a type or logical type the plan has no reader for */
    OwnSchemaReader(Schema schema) {
        this.root = plan(schema, new HashMap<>());
    }

    @Override
    SpecificRecord decode(byte[] data, int offset, int length) throws IOException {
        AvroInput in = new AvroInput(data, offset, length);
        SpecificRecord record = (SpecificRecord) root.read(in);
        EventAvro.requireEnd(in.atEnd());
        return record;
    }

    private static ValueReader plan(Schema schema, Map<String, RecordReader> records) {
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType != null) {
            return planLogical(schema, logicalType);
        }
        return switch (schema.getType()) {
            case NULL -> new NullReader();
            case BOOLEAN -> new BooleanReader();
            case INT -> new IntReader();
            case LONG -> new LongReader();
            case DOUBLE -> new DoubleReader();
            case STRING -> new StringReader();
            case ENUM -> new EnumReader(schema);
            case ARRAY -> new ArrayReader(schema, plan(schema.getElementType(), records));
            case UNION -> new UnionReader(schema, schema.getTypes().stream().map(branch -> plan(branch, records)).toArray(ValueReader[]::new));
            case RECORD -> planRecord(schema, records);
            default -> throw new IllegalArgumentException("no reader for Avro type " + schema.getType() + " (" + schema.getFullName() + ")");
        };
    }

    private static ValueReader planLogical(Schema schema, LogicalType logicalType) {
        Conversion<?> modelConversion = Events.READING_MODEL.getConversionFor(logicalType);
        if (logicalType instanceof LogicalTypes.TimestampMillis && schema.getType() == Schema.Type.LONG
                && modelConversion instanceof TimeConversions.TimestampMillisConversion) {
            return new TimestampMillisReader();
        }
        if (logicalType instanceof LogicalTypes.Decimal decimal && schema.getType() == Schema.Type.BYTES
                && modelConversion instanceof CompactDecimalConversion conversion) {
            return new DecimalReader(schema, decimal, conversion);
        }
        throw new IllegalArgumentException("no reader for logical type " + logicalType.getName() + " on " + schema.getType());
    }

    /** A record is planned once per name, before its fields, so that a record that contains itself is planned too. */
    private static RecordReader planRecord(Schema schema, Map<String, RecordReader> records) {
        RecordReader planned = records.get(schema.getFullName());
        if (planned != null) {
            return planned;
        }
        RecordReader reader = new RecordReader(schema);
        records.put(schema.getFullName(), reader);
        List<Schema.Field> fields = schema.getFields();
        ValueReader[] fieldReaders = new ValueReader[fields.size()];
        for (Schema.Field field : fields) {
            fieldReaders[field.pos()] = plan(field.schema(), records);
        }
        reader.fields = fieldReaders;
        return reader;
    }

    /** One value of one schema; an abstract class, not an interface: a virtual call is cheaper than an interface call. */
    private abstract static class ValueReader {
        abstract Object read(AvroInput in) throws IOException;
    }

    private static final class NullReader extends ValueReader {
        @Override
        Object read(AvroInput in) {
            return null;
        }
    }

    private static final class BooleanReader extends ValueReader {
        @Override
        Object read(AvroInput in) throws IOException {
            return in.readBoolean();
        }
    }

    private static final class IntReader extends ValueReader {
        @Override
        Object read(AvroInput in) throws IOException {
            return in.readInt();
        }
    }

    private static final class LongReader extends ValueReader {
        @Override
        Object read(AvroInput in) throws IOException {
            return in.readLong();
        }
    }

    private static final class DoubleReader extends ValueReader {
        @Override
        Object read(AvroInput in) throws IOException {
            return in.readDouble();
        }
    }

    private static final class StringReader extends ValueReader {
        @Override
        Object read(AvroInput in) throws IOException {
            return in.readString();
        }
    }

    /** As Avro's {@code TimestampMillisConversion}. */
    private static final class TimestampMillisReader extends ValueReader {
        @Override
        Object read(AvroInput in) throws IOException {
            return Instant.ofEpochMilli(in.readLong());
        }
    }

    private static final class DecimalReader extends ValueReader {
        private final Schema schema;
        private final LogicalTypes.Decimal type;
        private final CompactDecimalConversion conversion;

        DecimalReader(Schema schema, LogicalTypes.Decimal type, CompactDecimalConversion conversion) {
            this.schema = schema;
            this.type = type;
            this.conversion = conversion;
        }

        @Override
        Object read(AvroInput in) throws IOException {
            return in.readDecimal(conversion, schema, type);
        }
    }

    private static final class EnumReader extends ValueReader {
        private final Schema schema;
        private final Object[] symbols;

        /** The generated enum's constants, made once by the model as Avro's reader makes them. */
        EnumReader(Schema schema) {
            this.schema = schema;
            this.symbols = schema.getEnumSymbols().stream().map(symbol -> Events.READING_MODEL.createEnum(symbol, schema)).toArray();
        }

        @Override
        Object read(AvroInput in) throws IOException {
            int index = in.readInt();
            if (index < 0 || index >= symbols.length) {
                throw new AvroRuntimeException("enum index " + index + " is not one of the " + symbols.length + " symbols of " + schema.getFullName());
            }
            return symbols[index];
        }
    }

    private static final class UnionReader extends ValueReader {
        private final Schema schema;
        private final ValueReader[] branches;

        UnionReader(Schema schema, ValueReader[] branches) {
            this.schema = schema;
            this.branches = branches;
        }

        @Override
        Object read(AvroInput in) throws IOException {
            int index = in.readInt();
            if (index < 0 || index >= branches.length) {
                throw new AvroRuntimeException("union index " + index + " is not one of the " + branches.length + " branches "
                        + schema.getTypes().stream().map(Schema::getFullName).toList());
            }
            return branches[index].read(in);
        }
    }

    private static final class ArrayReader extends ValueReader {
        private final Schema schema;
        private final ValueReader items;

        ArrayReader(Schema schema, ValueReader items) {
            this.schema = schema;
            this.items = items;
        }

        @Override
        Object read(AvroInput in) throws IOException {
            long count = in.readItemCount(0);
            // A hostile count must not size the array: sized at most to the bytes left, it still grows if items are smaller.
            GenericData.Array<Object> array = new GenericData.Array<>((int) Math.min(count, in.remaining()), schema);
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    array.add(items.read(in));
                }
                count = in.readItemCount(array.size());
            }
            return array;
        }
    }

    private static final class RecordReader extends ValueReader {
        private final Schema schema;
        private final SpecificData.InstanceSupplier constructor;
        private ValueReader[] fields;

        RecordReader(Schema schema) {
            this.schema = schema;
            this.constructor = Events.READING_MODEL.getNewRecordSupplier(schema);
        }

        @Override
        Object read(AvroInput in) throws IOException {
            SpecificRecord record = (SpecificRecord) constructor.newInstance(null, schema);
            for (int i = 0; i < fields.length; i++) {
                record.put(i, fields[i].read(in));
            }
            return record;
        }
    }
}
