package io.cdcfanout.routingjob;

import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.parse.RuleParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The rule sets the benchmark and the plan test measure: the shipped rules, then generated ones up to a count. */
final class BenchmarkRules {

    private BenchmarkRules() {}

    /** The first {@code count} shipped rules, then generated rules until there are {@code count}. */
    static RuleSet of(int count) throws Exception {
        RuleParser parser = new RuleParser(Set.of());
        List<Rule> shipped = parser.parse(RoutingFixture.SHIPPED_RULES).rules();
        List<Rule> rules = new ArrayList<>(shipped.subList(0, Math.min(count, shipped.size())));
        if (count > rules.size()) {
            rules.addAll(parser.parse(generatedYaml(count - rules.size()), false, "benchmark rules").rules());
        }
        return new RuleSet(rules);
    }

    /** Rules on the fields the events carry: header values, nested and numeric entity fields, timestamps. */
    private static String generatedYaml(int count) {
        StringBuilder yaml = new StringBuilder("rules:\n");
        String[] types = {"CarCreated", "LoanCreated", "LoanPaymentSubmitted", "CarServiceDone"};
        for (int i = 0; i < count; i++) {
            String condition = switch (i % 5) {
                case 0 -> "{ field: eventType, operator: equals, value: " + types[i % 4] + " }";
                case 1 -> "{ field: entity.dealerId, operator: in, values: [DEALER-00" + (i % 4) + ", D] }";
                case 2 -> "{ field: entity.loanAmount, operator: greaterThan, value: " + (i * 5000) + ", valueType: number }";
                case 3 -> "{ field: createdDate, operator: between, min: \"2025-0" + (1 + i % 6) + "-01T00:00:00Z\", max: \"2025-12-01T00:00:00Z\", valueType: timestamp }";
                default -> "{ field: entity.owner.address.state, operator: equals, value: " + (i % 2 == 0 ? "CA" : "NY") + " }";
            };
            yaml.append("  - { id: bench-").append(i).append(", outputTopic: bench-").append(i).append(", conditions: [").append(condition).append("] }\n");
        }
        return yaml.toString();
    }
}
