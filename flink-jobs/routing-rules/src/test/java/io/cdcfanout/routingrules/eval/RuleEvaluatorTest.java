package io.cdcfanout.routingrules.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.parse.RuleParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleEvaluatorTest {

    private static final String EVENT = """
            {"eventHeader": {"uuid": "u-1", "eventName": "Loan Created", "eventType": "LoanCreated",
                             "createdDate": "2025-03-10T11:30:00Z", "savedDate": "2025-03-10T11:30:04.250Z"},
             "entities": [{"id": "LOAN-1", "loanAmount": 150000.0, "textAmount": "2.5e3", "badAmount": "12abc",
                           "insured": true, "insuredText": "true", "dealerId": "DEALER-001", "nothing": null,
                           "owner": {"address": {"state": "CA"}}, "vin": "5TDJKRFH4LS123456",
                           "description": "x' OR '1'='1", "when": "2025-03-10 11:30:00", "parts": [{"price": 7}]},
                          {"role": "co-signer"}]}
            """;

    private final RuleParser parser = new RuleParser(Set.of());

    /** Whether a one-condition rule matches {@link #EVENT}. */
    private boolean matches(String condition, Map<String, String> headers) throws Exception {
        var rules = parser.parse("[{ id: r, outputTopic: t, conditions: [" + condition + "] }]", false, "test");
        return new RuleEvaluator(rules).route(EVENT, headers).wellFormed()
                && !new RuleEvaluator(rules).route(EVENT, headers).rules().isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            { field: eventType, operator: equals, value: LoanCreated }                                             | true
            { field: eventType, operator: equals, value: loancreated }                                             | false
            { field: eventType, operator: notEquals, value: CarCreated }                                           | true
            { field: entity.missing, operator: notEquals, value: CarCreated }                                      | false
            { field: eventType, operator: in, values: [CarCreated, LoanCreated] }                                  | true
            { field: eventType, operator: notIn, values: [CarCreated, LoanCreated] }                               | false
            { field: entity.missing, operator: notIn, values: [a] }                                                | false
            { field: entity.loanAmount, operator: greaterThan, value: 100000, valueType: number }                  | true
            { field: entity.loanAmount, operator: greaterThan, value: 150000, valueType: number }                  | false
            { field: entity.loanAmount, operator: greaterThanOrEqual, value: 150000, valueType: number }           | true
            { field: entity.loanAmount, operator: lessThan, value: 150000.01, valueType: number }                  | true
            { field: entity.loanAmount, operator: lessThanOrEqual, value: 149999, valueType: number }              | false
            { field: entity.loanAmount, operator: between, min: 150000, max: 150000, valueType: number }           | true
            { field: entity.loanAmount, operator: equals, value: "1.5e5", valueType: number }                      | true
            { field: entity.loanAmount, operator: in, values: [1, 150000], valueType: number }                     | true
            { field: entity.textAmount, operator: equals, value: 2500, valueType: number }                         | true
            { field: entity.badAmount, operator: notEquals, value: 1, valueType: number }                          | false
            { field: entity.dealerId, operator: greaterThan, value: 1, valueType: number }                         | false
            { field: "entity.parts[0].price", operator: equals, value: 7, valueType: number }                        | true
            { field: entity.insured, operator: equals, value: true, valueType: boolean }                           | true
            { field: entity.insured, operator: notEquals, value: true, valueType: boolean }                        | false
            { field: entity.insuredText, operator: equals, value: true, valueType: boolean }                       | true
            { field: entity.dealerId, operator: notEquals, value: true, valueType: boolean }                       | false
            { field: createdDate, operator: equals, value: "2025-03-10T12:30:00+01:00", valueType: timestamp }     | true
            { field: savedDate, operator: greaterThan, value: "2025-03-10T11:30:04.249Z", valueType: timestamp }   | true
            { field: savedDate, operator: lessThan, value: "2025-03-10T11:30:04.250Z", valueType: timestamp }      | false
            { field: createdDate, operator: between, min: "2025-03-01T00:00:00Z", max: "2025-03-31T00:00:00Z", valueType: timestamp } | true
            { field: entity.when, operator: lessThan, value: "2030-01-01T00:00:00Z", valueType: timestamp }        | false
            { field: entity.vin, operator: matches, value: "RFH4" }                                                | true
            { field: entity.vin, operator: matches, value: "^RFH4" }                                               | false
            { field: entity.vin, operator: startsWith, value: "5TDJ" }                                             | true
            { field: entity.vin, operator: startsWith, value: "TDJ" }                                              | false
            { field: entity.nothing, operator: isNull }                                                            | true
            { field: entity.missing, operator: isNull }                                                            | true
            { field: entity.owner, operator: isNull }                                                              | true
            { field: entity.vin, operator: isNull }                                                                | false
            { field: entity.vin, operator: isNotNull }                                                             | true
            { field: entity.owner, operator: isNotNull }                                                           | false
            { field: entity.owner, operator: exists }                                                              | true
            { field: entity.nothing, operator: exists }                                                            | false
            { field: entity.missing, operator: exists }                                                            | false
            { field: entity.owner.address.state, operator: equals, value: CA }                                     | true
            { field: "entities[1].role", operator: equals, value: co-signer }                                        | true
            { field: "entities[2].role", operator: isNull }                                                          | true
            { field: entity.description, operator: equals, value: "x' OR '1'='1" }                                  | true
            { field: entity.description, operator: equals, value: "x" }                                            | false
            { field: cdc.operation, operator: equals, value: c }                                                   | true
            { field: cdc.operation, operator: exists }                                                             | true
            { conditions: [{ field: eventType, operator: equals, value: A }, { field: entity.dealerId, operator: equals, value: DEALER-001 }], conditionLogic: OR } | true
            { conditions: [{ field: eventType, operator: equals, value: A }, { field: entity.dealerId, operator: equals, value: DEALER-001 }], conditionLogic: AND } | false
            """)
    void everyOperatorAndValueTypeEvaluatesLikeTheGeneratedSql(String condition, boolean expected) throws Exception {
        assertThat(matches(condition, Map.of())).isEqualTo(expected);
    }

    @Test
    void cdcOperationComesFromTheOpHeader() throws Exception {
        assertThat(matches("{ field: cdc.operation, operator: equals, value: u }", Map.of("__op", "u"))).isTrue();
        assertThat(matches("{ field: cdc.operation, operator: equals, value: c }", Map.of("__op", "u"))).isFalse();
    }

    @Test
    void malformedValuesAreNotWellFormed() throws Exception {
        RuleEvaluator evaluator = new RuleEvaluator(parser.parse("[{ id: r, outputTopic: t, conditions: [{ field: eventType, operator: exists }] }]", false, "t"));
        for (String value : new String[] {null, "", "{not json", "[1]", "\"text\"", "{\"eventHeader\": {}}",
                "{\"eventHeader\": {\"eventType\": null}}", "{\"eventHeader\": {\"eventType\": 5}", "{\"eventHeader\": []}"}) {
            assertThat(evaluator.route(value, Map.of()).wellFormed()).as(String.valueOf(value)).isFalse();
        }
        assertThat(evaluator.route("{\"eventHeader\": {\"eventType\": \"A\"}}", Map.of()).topics()).containsExactly("t");
        // Like Flink's JSON functions, the first JSON value counts and what follows is ignored.
        assertThat(evaluator.route("{\"eventHeader\": {\"eventType\": \"A\"}} trailing", Map.of()).topics()).containsExactly("t");
    }

    @Test
    void bytesRouteLikeTheirTextAndBytesThatAreNotUtf8AreMalformed() throws Exception {
        RuleEvaluator evaluator = new RuleEvaluator(parser.parse(Path.of("../routing-rules.yaml")));
        for (String sample : new String[] {"car-created-event.json", "loan-created-event.json", "car-service-done-event.json"}) {
            String text = Files.readString(Path.of("../../contract/samples", sample));
            assertThat(evaluator.route(text.getBytes(StandardCharsets.UTF_8), Map.of()).topics()).as(sample)
                    .isEqualTo(evaluator.route(text, Map.of()).topics()).isNotEmpty();
        }
        assertThat(evaluator.route((byte[]) null, Map.of()).wellFormed()).isFalse();
        byte[] latin1 = "{\"eventHeader\": {\"eventType\": \"CarCreated\"}, \"name\": \"Müller\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(evaluator.route(latin1, Map.of()).wellFormed()).isFalse();
    }

    @Test
    void shippedRulesRouteTheReferenceSamples() throws Exception {
        RuleEvaluator evaluator = new RuleEvaluator(parser.parse(Path.of("../routing-rules.yaml")));
        assertThat(route(evaluator, "car-created-event.json")).containsExactly("filtered-car-created-events");
        assertThat(route(evaluator, "loan-created-event.json")).containsExactly("filtered-loan-created-events");
        assertThat(route(evaluator, "loan-payment-submitted-event.json")).containsExactly("filtered-loan-payment-submitted-events");
        assertThat(route(evaluator, "car-service-done-event.json"))
                .containsExactly("filtered-service-events", "filtered-dealer-001-service-events");
        String bigLoan = Files.readString(Path.of("../../contract/samples/loan-created-event.json")).replace("50000.00", "100000.01");
        assertThat(evaluator.route(bigLoan, Map.of()).topics()).containsExactly("filtered-loan-created-events", "filtered-large-loan-events");
    }

    @Test
    void onlyDeployableRulesRoute() throws Exception {
        RuleEvaluator evaluator = new RuleEvaluator(parser.parse("""
                - { id: live, outputTopic: live, conditions: [{ field: eventType, operator: exists }] }
                - { id: disabled, outputTopic: disabled, enabled: false, conditions: [{ field: eventType, operator: exists }] }
                - { id: draft, outputTopic: draft, status: draft, conditions: [{ field: eventType, operator: exists }] }
                """, false, "t"));
        assertThat(evaluator.route(EVENT, Map.of()).rules()).extracting(Rule::id).containsExactly("live");
    }

    private static java.util.List<String> route(RuleEvaluator evaluator, String sample) throws Exception {
        return evaluator.route(Files.readString(Path.of("../../contract/samples", sample)), Map.of()).topics();
    }
}
