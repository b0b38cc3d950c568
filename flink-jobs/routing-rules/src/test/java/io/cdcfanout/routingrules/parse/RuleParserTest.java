package io.cdcfanout.routingrules.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcfanout.routingrules.model.Condition.Group;
import io.cdcfanout.routingrules.model.Condition.Predicate;
import io.cdcfanout.routingrules.model.ConditionLogic;
import io.cdcfanout.routingrules.model.Operator;
import io.cdcfanout.routingrules.model.OutputFormat;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.model.RuleStatus;
import io.cdcfanout.routingrules.model.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    private final RuleParser parser = new RuleParser(Set.of("raw-business-events", "raw-business-events-dlq"));

    @Test
    void shippedRulesFileHasTheSixRulesOfTheIssue() throws Exception {
        RuleSet rules = parser.parse(Path.of("../routing-rules.yaml"));
        assertThat(rules.deployable()).extracting(Rule::outputTopic).containsExactly(
                "filtered-car-created-events", "filtered-loan-created-events", "filtered-loan-payment-submitted-events",
                "filtered-service-events", "filtered-dealer-001-service-events", "filtered-large-loan-events");
    }

    @Test
    void referenceFilterFormatIsReadAsOneRule() throws Exception {
        RuleSet rules = parser.parse("""
                {"id": "loan-large", "name": "Large loans", "consumerId": "risk", "outputTopic": "filtered-large",
                 "enabled": true, "status": "ACTIVE", "conditionLogic": "AND",
                 "conditions": [
                   {"field": "eventType", "operator": "equals", "value": "LoanCreated", "valueType": "string"},
                   {"field": "entity.loanAmount", "operator": "between", "min": 100000, "max": "1e7", "valueType": "NUMBER"}]}
                """, true, "filter.json");
        Rule rule = rules.rules().getFirst();
        assertThat(rule.status()).isEqualTo(RuleStatus.ACTIVE);
        assertThat(rule.outputFormat()).isEqualTo(OutputFormat.JSON);
        Predicate between = (Predicate) rule.condition().conditions().get(1);
        assertThat(between.operator()).isEqualTo(Operator.BETWEEN);
        assertThat(between.field().jsonPath()).isEqualTo("$.entities[0].loanAmount");
        assertThat(between.values()).extracting(v -> v.asNumber()).containsExactly(100000.0, 1e7);
    }

    @Test
    void nestedGroupsAndPathsParse() throws Exception {
        RuleSet rules = parser.parse("""
                - id: nested
                  outputTopic: out
                  conditionLogic: or
                  conditions:
                    - conditions:
                        - { field: entity.owner.address.state, operator: in, values: [CA, NY] }
                        - { field: "entities[2].parts[1].price", operator: lessThan, value: 5, valueType: number }
                      conditionLogic: AND
                    - { field: cdc.operation, operator: equals, value: u }
                    - { field: createdDate, operator: greaterThan, value: "2025-01-01T02:00:00+02:00", valueType: timestamp }
                """, false, "rules.yaml");
        Group top = rules.rules().getFirst().condition();
        assertThat(top.logic()).isEqualTo(ConditionLogic.OR);
        Group nested = (Group) top.conditions().getFirst();
        assertThat(((Predicate) nested.conditions().get(0)).field().jsonPointer()).isEqualTo("/entities/0/owner/address/state");
        assertThat(((Predicate) nested.conditions().get(1)).field().jsonPath()).isEqualTo("$.entities[2].parts[1].price");
        assertThat(((Predicate) top.conditions().get(1)).field().isCdcOperation()).isTrue();
        Predicate timestamp = (Predicate) top.conditions().get(2);
        assertThat(timestamp.field().jsonPath()).isEqualTo("$.eventHeader.createdDate");
        assertThat(timestamp.values().getFirst().asInstant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void disabledAndDraftRulesAreValidButNotDeployable() throws Exception {
        RuleSet rules = parser.parse("""
                - { id: a, outputTopic: a, enabled: false, conditions: [{ field: eventType, operator: exists }] }
                - { id: b, outputTopic: b, status: draft, conditions: [{ field: eventType, operator: exists }] }
                - { id: c, outputTopic: c, status: Active, outputFormat: avro, conditions: [{ field: eventType, operator: exists }] }
                """, false, "rules.yaml");
        assertThat(rules.rules()).hasSize(3);
        assertThat(rules.deployable()).extracting(Rule::id).containsExactly("c");
        assertThat(rules.deployable().getFirst().outputFormat()).isEqualTo(OutputFormat.AVRO);
    }

    @Test
    void everyValueTypeAcceptsItsValues() throws Exception {
        RuleSet rules = parser.parse("""
                - id: types
                  outputTopic: out
                  conditions:
                    - { field: entity.a, operator: equals, value: "text" }
                    - { field: entity.b, operator: equals, value: -1.5e3, valueType: number }
                    - { field: entity.c, operator: equals, value: "42", valueType: number }
                    - { field: entity.d, operator: equals, value: false, valueType: boolean }
                    - { field: entity.e, operator: equals, value: "2025-01-15T10:30:00.5Z", valueType: timestamp }
                """, false, "rules.yaml");
        List<Object> values = rules.rules().getFirst().condition().conditions().stream()
                .map(c -> ((Predicate) c).values().getFirst().value()).toList();
        assertThat(values).containsExactly("text", -1500.0, 42.0, false, Instant.parse("2025-01-15T10:30:00.5Z"));
        assertThat(((Predicate) rules.rules().getFirst().condition().conditions().get(3)).valueType()).isEqualTo(ValueType.BOOLEAN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            unknown rule field      | { id: r, outputTopic: t, topic: x, conditions: [{ field: eventType, operator: exists }] }                 | rule 'r', topic: unknown field; allowed here: [conditionLogic, conditions, consumerId, description, enabled, id, name, outputFormat, outputTopic, status]
            unknown condition field | { id: r, outputTopic: t, conditions: [{ field: eventType, operator: exists, vaule: 1 }] }                  | rule 'r', conditions[0].vaule: unknown field; allowed here: [description, field, max, min, operator, value, valueType, values]
            unknown operator        | { id: r, outputTopic: t, conditions: [{ field: eventType, operator: like, value: a }] }                    | rule 'r', conditions[0].operator: unknown operator 'like'; allowed: equals, notEquals, in, notIn, greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual, between, matches, startsWith, isNull, isNotNull, exists
            unknown value type      | { id: r, outputTopic: t, conditions: [{ field: eventType, operator: equals, value: a, valueType: date }] } | rule 'r', conditions[0].valueType: unknown value type "date"; allowed: string, number, boolean, timestamp
            invalid topic           | { id: r, outputTopic: "bad topic!", conditions: [{ field: eventType, operator: exists }] }                 | rule 'r', outputTopic: 'bad topic!' is not a valid Kafka topic name: use 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-'
            reserved topic          | { id: r, outputTopic: raw-business-events, conditions: [{ field: eventType, operator: exists }] }          | rule 'r', outputTopic: 'raw-business-events' is reserved for the routing job itself (source or dead-letter topic); route to another topic
            number not a number     | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: greaterThan, value: 12abc, valueType: number }] } | rule 'r', conditions[0].value: "12abc" is not a number; valueType number expects a finite JSON number or numeric string such as 100000 or 1.5e3
            timestamp not a time    | { id: r, outputTopic: t, conditions: [{ field: createdDate, operator: lessThan, value: "2025-13-01", valueType: timestamp }] } | rule 'r', conditions[0].value: "2025-13-01" is not a timestamp; valueType timestamp expects an ISO-8601 instant such as 2025-01-15T10:30:00Z
            boolean not a boolean   | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: equals, value: maybe, valueType: boolean }] } | rule 'r', conditions[0].value: "maybe" is not a boolean; valueType boolean expects true or false
            string given a number   | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: equals, value: 5 }] }                  | rule 'r', conditions[0].value: 5 is not a string; valueType string expects a quoted string (set valueType for numbers, booleans and timestamps)
            ordering on strings     | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: greaterThan, value: a }] }              | rule 'r', conditions[0].valueType: operator greaterThan does not apply to valueType string; it applies to: [number, timestamp]
            regex on numbers        | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: matches, value: "1", valueType: number }] } | rule 'r', conditions[0].valueType: operator matches does not apply to valueType number; it applies to: [string]
            invalid regex           | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: matches, value: "a(b" }] }              | rule 'r', conditions[0].value: is not a valid Java regular expression: Unclosed group near index 3
            missing value           | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: equals }] }                             | rule 'r', conditions[0].value: is missing: operator equals takes one 'value'
            value on isNull         | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: isNull, value: a }] }                   | rule 'r', conditions[0].value: operator isNull takes no value, not 'value'
            values instead of value | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: equals, values: [a] }] }                | rule 'r', conditions[0].values: operator equals takes one 'value', not 'values'
            empty in list           | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: in, values: [] }] }                     | rule 'r', conditions[0].values: must be a non-empty list, found a list
            between reversed        | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: between, min: 5, max: 1, valueType: number }] } | rule 'r', conditions[0].min: min must not be greater than max
            between without max     | { id: r, outputTopic: t, conditions: [{ field: entity.x, operator: between, min: 5, valueType: number }] } | rule 'r', conditions[0].max: is missing: operator between takes 'min' and 'max'
            no conditions           | { id: r, outputTopic: t }                                                                                   | rule 'r', conditions: is missing; a rule routes nothing without at least one condition
            empty group             | { id: r, outputTopic: t, conditions: [{ conditions: [] }] }                                                 | rule 'r', conditions[0].conditions: must be a non-empty list of conditions, found a list
            bad logic               | { id: r, outputTopic: t, conditionLogic: XOR, conditions: [{ field: eventType, operator: exists }] }       | rule 'r', conditionLogic: "XOR" is not a condition logic; allowed: AND, OR
            unknown root field      | { id: r, outputTopic: t, conditions: [{ field: payload.x, operator: exists }] }                            | rule 'r', conditions[0].field: 'payload.x' is not a field; use eventHeader.<name>, one of [createdDate, eventName, eventType, savedDate, uuid], entity.<path>, entities[<n>].<path> or cdc.operation, where <path> is dot-separated identifiers ([A-Za-z_][A-Za-z0-9_]*, optionally indexed like parts[0])
            path injection          | { id: r, outputTopic: t, conditions: [{ field: "entity.a')--", operator: exists }] }                        | rule 'r', conditions[0].field: 'entity.a')--' is not a field; use eventHeader.<name>, one of [createdDate, eventName, eventType, savedDate, uuid], entity.<path>, entities[<n>].<path> or cdc.operation, where <path> is dot-separated identifiers ([A-Za-z_][A-Za-z0-9_]*, optionally indexed like parts[0])
            cdc op as number        | { id: r, outputTopic: t, conditions: [{ field: cdc.operation, operator: equals, value: 1, valueType: number }] } | rule 'r', conditions[0].valueType: cdc.operation is a string (c, u, d or r), not number
            invalid id              | { id: "Bad Id", outputTopic: t, conditions: [{ field: eventType, operator: exists }] }                     | rule 'rules[0]', id: 'Bad Id' is not a valid rule id: use 1-63 lowercase letters, digits and '-', starting with a letter or digit
            missing id              | { outputTopic: t, conditions: [{ field: eventType, operator: exists }] }                                   | rule 'rules[0]', id: is missing
            enabled not boolean     | { id: r, outputTopic: t, enabled: "yes", conditions: [{ field: eventType, operator: exists }] }            | rule 'r', enabled: must be true or false, found the string "yes"
            unknown status          | { id: r, outputTopic: t, status: live, conditions: [{ field: eventType, operator: exists }] }              | rule 'r', status: unknown status "live"; allowed: active, draft, paused, inactive, retired
            unknown output format   | { id: r, outputTopic: t, outputFormat: xml, conditions: [{ field: eventType, operator: exists }] }         | rule 'r', outputFormat: unknown outputFormat "xml"; allowed: json, avro
            """)
    void invalidRuleIsRejectedWithAPreciseError(String scenario, String rule, String error) {
        assertThatThrownBy(() -> parser.parse("[" + rule + "]", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors()).extracting(RuleError::toString).contains(error));
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> parser.parse("""
                - { id: same, outputTopic: a, conditions: [{ field: eventType, operator: exists }] }
                - { id: same, outputTopic: b, conditions: [{ field: eventType, operator: exists }] }
                """, false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors()).extracting(RuleError::toString)
                        .containsExactly("rule 'same', id: duplicate id: rules[0] and rules[1] both use it; ids must be unique"));
    }

    @Test
    void oneTopicWithTwoFormatsIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                - { id: a, outputTopic: t, conditions: [{ field: eventType, operator: exists }] }
                - { id: b, outputTopic: t, outputFormat: avro, conditions: [{ field: eventType, operator: exists }] }
                """, false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors()).extracting(RuleError::toString)
                        .containsExactly("rule 'b', outputFormat: 'avro' conflicts with rule 'a', which writes 'json' to the same topic 't'; one topic has one format"));
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        assertThatThrownBy(() -> parser.parse("""
                - { id: a, outputTopic: "t t", conditions: [{ field: eventType, operator: nope }] }
                - { id: b, outputTopic: t, conditions: [{ field: entity.x, operator: equals, value: 1, valueType: number, extra: 1 }] }
                """, false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> {
                    assertThat(e.errors()).extracting(RuleError::ruleId).containsExactly("a", "a", "b");
                    assertThat(e.getMessage()).startsWith("rules.yaml has 3 errors:\n  - rule 'a', outputTopic:");
                });
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> parser.parse("rules:\n  - id: a\n   bad: [", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.getMessage()).contains("not valid YAML").contains("line 3"));
        assertThatThrownBy(() -> parser.parse("{\"rules\": []} extra", true, "rules.json"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.getMessage()).contains("not valid JSON"));
        assertThatThrownBy(() -> parser.parse("{\"rules\": [], \"rules\": []}", true, "rules.json"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.getMessage()).contains("Duplicate field 'rules'"));
    }

    @Test
    void emptyFilesAndEmptyRuleListsAreRejected() {
        assertThatThrownBy(() -> parser.parse("", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors().getFirst().message()).startsWith("is empty"));
        assertThatThrownBy(() -> parser.parse("rules: []", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors().getFirst().message()).isEqualTo("contains no rules"));
        assertThatThrownBy(() -> parser.parse("rules: 5", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors().getFirst().toString())
                        .isEqualTo("rules file, rules: must be a list of rules, found the number 5"));
    }

    @Test
    void controlCharactersInErrorsAreEscaped() {
        assertThatThrownBy(() -> parser.parse("[{ id: r, outputTopic: \"a\\nb\", conditions: [{ field: eventType, operator: exists }] }]", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.getMessage()).contains("'a\\u000ab' is not a valid Kafka topic name"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            newline in name           | name: "bad\\nEND;"                                            | name: contains a line break (U+000A) at character 4
            carriage return in detail | description: "a\\rb"                                           | description: contains a line break (U+000D) at character 2
            line separator in value   | conditions: [{ field: entity.x, operator: equals, value: "a\\u2028b" }] | conditions[0].value: contains a line break (U+2028) at character 2
            bidi override in values   | conditions: [{ field: entity.x, operator: in, values: [ok, "x\\u202Ey"] }] | conditions[0].values[1]: contains a bidirectional formatting character (U+202E) at character 2
            NUL in consumer id        | consumerId: "c\\0"                                              | consumerId: contains a control character (U+0000) at character 2
            tab in nested description | conditions: [{ conditions: [{ field: eventType, operator: exists }], description: "a\\tb" }] | conditions[0].description: contains a control character (U+0009) at character 2
            """)
    void hostileRuleTextIsRefusedWhereItSits(String scenario, String fields, String error) {
        String rule = "{ id: r, outputTopic: t, " + (fields.startsWith("conditions") ? "" : "conditions: [{ field: eventType, operator: exists }], ") + fields + " }";
        assertThatThrownBy(() -> parser.parse("[" + rule + "]", false, "rules.yaml"))
                .isInstanceOfSatisfying(RulesException.class, e -> assertThat(e.errors()).extracting(RuleError::toString)
                        .contains("rule 'r', " + error + "; rule text must be a single line without control or bidirectional formatting characters"));
    }

    @Test
    void sqlLookingButPrintableRuleTextIsAccepted() throws Exception {
        RuleSet rules = parser.parse(Files.readString(Path.of("src/test/resources/hostile-accepted-rules.yaml")), false, "hostile-accepted-rules.yaml");
        assertThat(rules.rules()).extracting(r -> r.name()).contains("x'); DROP TABLE t; -- END; */ /* \\' ;");
    }
}
