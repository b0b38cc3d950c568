package io.cdcfanout.routingrules.model;

import java.util.List;

/** The validated rules of one rules file, in file order. */
public record RuleSet(List<Rule> rules) {

    public RuleSet {
        rules = List.copyOf(rules);
    }

    /** The rules the generator turns into routes. */
    public List<Rule> deployable() {
        return rules.stream().filter(Rule::deployable).toList();
    }
}
