package io.cdcfanout.routingrules.model;

/**
 * One route: events matching {@code condition} go to {@code outputTopic}.
 *
 * @param id unique, lowercase ({@code [a-z0-9][a-z0-9-]*}); named in the {@code routingRuleId} header
 * @param name free text; named in the {@code routingRuleName} header
 * @param consumerId the consuming service, for people reading the rules
 * @param condition the rule's conditions as one group
 */
public record Rule(
        String id,
        String name,
        String consumerId,
        String description,
        String outputTopic,
        OutputFormat outputFormat,
        boolean enabled,
        RuleStatus status,
        Condition.Group condition) {

    /** Whether the generator deploys this rule: enabled and {@link RuleStatus#ACTIVE}. */
    public boolean deployable() {
        return enabled && status == RuleStatus.ACTIVE;
    }
}
