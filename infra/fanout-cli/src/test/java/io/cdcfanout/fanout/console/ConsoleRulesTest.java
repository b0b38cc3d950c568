package io.cdcfanout.fanout.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the page shows of a rule, and the preview's answers to bad input, without a server. */
class ConsoleRulesTest {

    @Test
    void conditionsReadLikeTheRulesFileWithNonStringTypesNamed() throws Exception {
        Rule rule = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse("""
                rules:
                  - id: large-loans
                    name: Loans above 100000
                    outputTopic: filtered-large-loan-events
                    conditions:
                      - { field: eventType, operator: in, values: [LoanCreated, LoanUpdated] }
                      - { field: entity.loanAmount, operator: greaterThan, value: 100000, valueType: number }
                """, false, "test.yaml").rules().getFirst();

        assertThat(rule.condition().conditions()).map(ConsoleRules::text)
                .containsExactly("eventType in LoanCreated, LoanUpdated", "entity.loanAmount greaterThan 100000 (number)");
    }

    @Test
    void invalidJsonIsReportedWithLineAndColumn() {
        assertThat(ConsoleRules.invalidEvent("{\n  \"a\": 1,\n}")).startsWith("invalid JSON at line 3, column ");
        assertThat(ConsoleRules.invalidEvent("{\"a\": 1} trailing")).startsWith("invalid JSON at line 1, column ");
        assertThat(ConsoleRules.invalidEvent("\"text\"")).isEqualTo("expected a JSON object (the event), got string");
        assertThat(ConsoleRules.invalidEvent("  ")).isEqualTo("empty body: POST the event JSON");
        assertThat(ConsoleRules.invalidEvent("{\"eventHeader\": {}}")).isNull();
    }
}
