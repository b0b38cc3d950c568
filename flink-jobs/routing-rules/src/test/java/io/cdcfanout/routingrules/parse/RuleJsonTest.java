package io.cdcfanout.routingrules.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.model.Rule;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What ROUTE_EVENT receives: each rule written as JSON reads back into the same rule, every operator, value type and hostile text. */
class RuleJsonTest {

    private final RuleParser parser = new RuleParser(Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"../routing-rules.yaml", "../routing-job/src/test/resources/operator-rules.yaml", "src/test/resources/hostile-accepted-rules.yaml"})
    void everyRuleReadsBackFromItsJson(String file) throws Exception {
        List<Rule> rules = parser.parse(Path.of(file)).rules();
        assertThat(rules).isNotEmpty();
        for (Rule rule : rules) {
            String json = RuleJson.write(rule);
            assertThat(json).as("one line").doesNotContain("\n");
            Rule back = parser.parse("[" + json + "]", true, "json of " + rule.id()).rules().getFirst();
            assertThat(List.of(back.id(), back.name(), back.outputTopic(), back.condition()))
                    .isEqualTo(List.of(rule.id(), rule.name(), rule.outputTopic(), rule.condition()));
        }
    }
}
