package io.cdcfanout.routingrules.sql;

import static io.cdcfanout.routingrules.sql.SqlText.literal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extra Kafka client properties (SASL, TLS, timeouts…) added to every Kafka table of the connector DDL at
 * submission, so the committed SQL never holds secrets. Each becomes {@code 'properties.<key>' = '<value>'}
 * right after the table's bootstrap servers; the value is a string literal with doubled quotes (the one
 * escape of Flink SQL), so no value can end it and inject SQL; keys are restricted to Kafka's name characters.
 */
public final class KafkaProperties {

    /** What a key may look like: Kafka client property names ({@code sasl.jaas.config}, {@code ssl.truststore.location}). */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private static final Pattern BOOTSTRAP = Pattern.compile("(?m)^([ \\t]*)'properties\\.bootstrap\\.servers' = '(?:[^'\\n]|'')*'");
    private static final Pattern SET_KEY = Pattern.compile("'properties\\.([A-Za-z0-9._-]+)' = ");

    private KafkaProperties() {}

    /**
     * The connector DDL with {@code properties} in every Kafka table (every table with
     * {@code 'properties.bootstrap.servers'}), in the map's order.
     *
     * @throws IllegalArgumentException naming the property, for a key that is not a property name, a key the
     *     DDL sets itself (bootstrap servers, group id, isolation level…: they have their own options), or a
     *     value with control characters (line breaks)
     */
    public static String addTo(String connectorsDdl, Map<String, String> properties) {
        if (properties.isEmpty()) {
            return connectorsDdl;
        }
        List<String> problems = new ArrayList<>();
        List<String> reserved = new ArrayList<>();
        Matcher set = SET_KEY.matcher(connectorsDdl);
        while (set.find()) {
            reserved.add(set.group(1));
        }
        properties.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                problems.add("Kafka property key '" + key + "' is not a property name: letters, digits, '.', '_' and '-' only");
            } else if (reserved.contains(key)) {
                problems.add("Kafka property '" + key + "' is set by the routing job itself (" + String.join(", ", reserved.stream().distinct().toList())
                        + "); use its own option");
            }
            if (value == null) {
                problems.add("Kafka property '" + key + "' has no value");
            } else if (value.chars().anyMatch(Character::isISOControl)) {
                problems.add("Kafka property '" + key + "' has a control character (line break, tab…) in its value: values are one line");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Matcher bootstrap = BOOTSTRAP.matcher(connectorsDdl);
        if (!bootstrap.find()) {
            throw new IllegalArgumentException("the connector DDL has no Kafka table with 'properties.bootstrap.servers': Kafka properties apply to "
                    + "self-managed Flink only");
        }
        StringBuilder out = new StringBuilder();
        bootstrap.reset();
        while (bootstrap.find()) {
            String indent = bootstrap.group(1);
            StringBuilder replacement = new StringBuilder(bootstrap.group());
            properties.forEach((key, value) -> replacement.append(",\n").append(indent).append(literal("properties." + key)).append(" = ").append(literal(value)));
            bootstrap.appendReplacement(out, Matcher.quoteReplacement(replacement.toString()));
        }
        bootstrap.appendTail(out);
        return out.toString();
    }
}
