package io.cdcfanout.routingrules.parse;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be used, with every problem found in it. */
public final class RulesException extends Exception {

    private final transient List<RuleError> errors;

    public RulesException(String source, List<RuleError> errors) {
        super(source + " has " + errors.size() + (errors.size() == 1 ? " error" : " errors") + ":\n"
                + errors.stream().map(e -> "  - " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
