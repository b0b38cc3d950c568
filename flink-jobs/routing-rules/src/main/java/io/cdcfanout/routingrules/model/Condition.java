package io.cdcfanout.routingrules.model;

import java.util.List;

/** A test on an event: a single {@link Predicate} or a {@link Group} of conditions. */
public sealed interface Condition {

    /**
     * One comparison of a field with values.
     *
     * @param values none, one, a list, or {@code [min, max]}, by the operator's arity
     */
    record Predicate(FieldRef field, Operator operator, ValueType valueType, List<TypedValue> values) implements Condition {
        public Predicate {
            values = List.copyOf(values);
        }
    }

    /** Conditions combined with AND or OR; groups nest. */
    record Group(ConditionLogic logic, List<Condition> conditions) implements Condition {
        public Group {
            conditions = List.copyOf(conditions);
        }
    }
}
