package io.cdcfanout.routingrules.parse;

/**
 * One problem in a rules file.
 *
 * @param ruleId the rule's id, or its position ({@code rules[3]}) when it has no usable id;
 *     {@code null} for problems of the file itself
 * @param location where inside the rule, e.g. {@code conditions[0].values[1]}
 * @param message what is wrong and what is allowed
 */
public record RuleError(String ruleId, String location, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (ruleId != null) {
            text.append("rule '").append(ruleId).append("'");
        } else {
            text.append("rules file");
        }
        if (location != null && !location.isEmpty()) {
            text.append(", ").append(location);
        }
        return text.append(": ").append(message).toString();
    }
}
