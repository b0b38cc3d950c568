package io.cdcfanout.terraform;

import io.cdcfanout.terraform.HclFile.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the consumer ACLs of the Terraform in a directory for its default consumers, the way
 * Terraform's for expressions would, and lists every violation of "a consumer may read its topic in its
 * group, write its dead-letter topic and the delivery receipts topic, nothing else".
 */
final class ConsumerAcls {

    record Consumer(String name, String topic, String group, String deadLetterTopic) {
    }

    record Acl(String consumer, String resourceType, String resourceName, String operation) {
    }

    private static final Pattern CONSUMER_ENTRY = Pattern.compile(
            "([\\w-]+)\\s*=\\s*\\{\\s*topic\\s*=\\s*\"([^\"]+)\"\\s*group\\s*=\\s*\"([^\"]+)\"(?:\\s*dead_letter_topic\\s*=\\s*\"([^\"]+)\")?\\s*}");
    private static final Pattern ACL_TEMPLATE = Pattern.compile(
            "\"\\$\\{name}/([\\w-]+)\"\\s*=\\s*\\{\\s*consumer\\s*=\\s*name,\\s*resource_type\\s*=\\s*\"(\\w+)\",\\s*"
                    + "resource_name\\s*=\\s*([\\w.]+),\\s*operation\\s*=\\s*\"(\\w+)\"\\s*}");

    /** The delivery receipts topic of infra/kafka/topics.json, which Terraform creates with the other topics. */
    static final String RECEIPTS_TOPIC = "cdc-fanout-receipts";

    private final List<Block> blocks;

    ConsumerAcls(Path terraformDir) {
        this.blocks = HclFile.parseDirectory(terraformDir);
    }

    /** The default of variable "consumers", with the SDK's default dead-letter topic filled in like local.consumers. */
    Map<String, Consumer> consumers() {
        String defaults = block("variable", "consumers").attribute("default").orElseThrow();
        Map<String, Consumer> consumers = new LinkedHashMap<>();
        Matcher entry = CONSUMER_ENTRY.matcher(defaults);
        while (entry.find()) {
            String dlq = entry.group(4) != null ? entry.group(4) : entry.group(2) + "-dlq";
            consumers.put(entry.group(1), new Consumer(entry.group(1), entry.group(2), entry.group(3), dlq));
        }
        return consumers;
    }

    /** Every ACL Terraform would create for a consumer's service account. */
    Set<Acl> expand() {
        String template = local("consumer_acls");
        Set<Acl> acls = new LinkedHashSet<>();
        for (Consumer consumer : consumers().values()) {
            Matcher acl = ACL_TEMPLATE.matcher(template);
            while (acl.find()) {
                acls.add(new Acl(consumer.name(), acl.group(2), resolve(acl.group(3), consumer), acl.group(4)));
            }
        }
        return acls;
    }

    /** @return a precise message per violation, empty when every consumer has exactly its three grants */
    List<String> violations() {
        List<String> violations = new ArrayList<>();
        String templates = local("consumer_acls");
        int entries = templates.split("\"\\$\\{name}/").length - 1;
        if (ACL_TEMPLATE.matcher(templates).results().count() != entries) {
            violations.add("local.consumer_acls has entries this check cannot read: " + templates);
        }
        if (!local("receipts_topic").equals("\"" + RECEIPTS_TOPIC + "\"")) {
            violations.add("local.receipts_topic is " + local("receipts_topic") + ", expected \"" + RECEIPTS_TOPIC + "\"");
        }
        if (!local("consumers").contains("dead_letter_topic = coalesce(c.dead_letter_topic, \"${c.topic}-dlq\")")) {
            violations.add("local.consumers no longer defaults the dead-letter topic to <topic>-dlq like the SDK");
        }
        Set<Acl> acls = expand();
        for (Consumer c : consumers().values()) {
            Set<Acl> expected = Set.of(
                    new Acl(c.name(), "TOPIC", c.topic(), "READ"),
                    new Acl(c.name(), "GROUP", c.group(), "READ"),
                    new Acl(c.name(), "TOPIC", c.deadLetterTopic(), "WRITE"),
                    new Acl(c.name(), "TOPIC", RECEIPTS_TOPIC, "WRITE"));
            Set<Acl> actual = new LinkedHashSet<>();
            acls.stream().filter(a -> a.consumer().equals(c.name())).forEach(actual::add);
            for (Acl missing : difference(expected, actual)) {
                violations.add(c.name() + " lacks " + missing);
            }
            for (Acl extra : difference(actual, expected)) {
                violations.add(c.name() + " is granted more than its topic, group, dead-letter topic and the receipts topic: " + extra);
            }
        }
        for (Block resource : blocks) {
            if (!resource.type().equals("resource")) {
                continue;
            }
            String principal = resource.attribute("principal").orElse("");
            boolean consumerPrincipal = principal.contains("confluent_service_account.consumer[");
            boolean theConsumerAcls = resource.label(0).equals("confluent_kafka_acl") && resource.label(1).equals("consumer");
            if (consumerPrincipal && !theConsumerAcls) {
                violations.add(resource.label(0) + "." + resource.label(1) + " grants a consumer service account something");
            }
            if (theConsumerAcls) {
                expect(violations, resource, "for_each", "local.consumer_acls");
                expect(violations, resource, "principal", "\"User:${confluent_service_account.consumer[each.value.consumer].id}\"");
                expect(violations, resource, "resource_type", "each.value.resource_type");
                expect(violations, resource, "resource_name", "each.value.resource_name");
                expect(violations, resource, "operation", "each.value.operation");
                expect(violations, resource, "pattern_type", "\"LITERAL\"");
                expect(violations, resource, "permission", "\"ALLOW\"");
                expect(violations, resource, "host", "\"*\"");
            }
        }
        return violations;
    }

    private static void expect(List<String> violations, Block resource, String attribute, String expected) {
        String actual = resource.attribute(attribute).orElse("<missing>");
        if (!actual.equals(expected)) {
            violations.add("confluent_kafka_acl.consumer: " + attribute + " is " + actual + ", expected " + expected);
        }
    }

    private static String resolve(String reference, Consumer consumer) {
        return switch (reference) {
            case "c.topic" -> consumer.topic();
            case "c.group" -> consumer.group();
            case "c.dead_letter_topic" -> consumer.deadLetterTopic();
            case "local.receipts_topic" -> RECEIPTS_TOPIC;
            default -> "<" + reference + ">";
        };
    }

    private static Set<Acl> difference(Set<Acl> a, Set<Acl> b) {
        Set<Acl> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private Block block(String type, String label) {
        return blocks.stream().filter(b -> b.type().equals(type) && !b.labels().isEmpty() && b.label(0).equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " \"" + label + "\""));
    }

    private String local(String name) {
        return blocks.stream().filter(b -> b.type().equals("locals")).map(b -> b.attributes().get(name))
                .filter(v -> v != null).findFirst().orElseThrow(() -> new AssertionError("no local." + name));
    }
}
