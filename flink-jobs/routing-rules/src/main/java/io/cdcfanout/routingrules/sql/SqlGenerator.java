package io.cdcfanout.routingrules.sql;

import static io.cdcfanout.routingrules.sql.SqlText.identifier;
import static io.cdcfanout.routingrules.sql.SqlText.literal;

import io.cdcfanout.events.RecordHeaders;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.model.Condition.Group;
import io.cdcfanout.routingrules.model.Condition.Predicate;
import io.cdcfanout.routingrules.model.Condition;
import io.cdcfanout.routingrules.model.FieldRef;
import io.cdcfanout.routingrules.model.OutputFormat;
import io.cdcfanout.routingrules.model.Rule;
import io.cdcfanout.routingrules.model.RuleSet;
import io.cdcfanout.routingrules.model.TypedValue;
import io.cdcfanout.routingrules.model.ValueType;
import io.cdcfanout.routingrules.parse.RuleJson;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns rules into Flink SQL for one {@link SqlTarget}.
 *
 * <p>Shape of the output: the source table reads key and value as raw bytes/text (so a
 * malformed value never fails the job) plus the Kafka headers; one {@code STATEMENT SET} routes.
 * For self-managed Flink, all JSON rules and the dead letters of records that are not a JSON event
 * are one {@code INSERT} into one Kafka sink of all their topics (each row names its topic): the
 * routing job's table function {@value #ROUTE_FUNCTION} parses each record once, tests every rule
 * on it with the rules' own evaluator and makes one row per matching rule; the rules are its
 * argument, one JSON literal per rule ({@link RuleJson}). Confluent Cloud runs no Java functions
 * and cannot write a record's topic, so there a view parses each field the rules use and each rule
 * has its own {@code INSERT} into its topic's table, plus one into the dead-letter topic; Avro rules
 * on Flink also test their conditions in SQL on that view, computed once for all their INSERTs
 * ({@link #SHARED_VIEW_OPTION}). Routed records keep the key and the value bytes and gain the
 * headers {@code routingRuleId} and {@code routingRuleName}.
 *
 * <p>Rules with {@code outputFormat: avro} write the complete event as typed Avro (the SDK's schema of
 * its event type) in the Confluent wire format. Flink's own {@code avro-confluent} format cannot do
 * this: its row-to-Avro converter rejects unions of two non-null types, and the SDK's schemas have
 * them ({@code Car.owner}, {@code Loan.financialInstitution}, the entities of {@code CarServiceDone}).
 * So the routing job jar supplies two functions: {@value #AVRO_ERROR_FUNCTION} (once per record: why
 * the event does not fit its type's schema, or null) and {@value #AVRO_FUNCTION} (the framed Avro
 * bytes, the writer schema registered under {@code <topic>-<record name>}). An event that does not
 * fit goes to the dead-letter topic with the reason and the rule, never silently dropped.
 * Only the {@link SqlTarget#FLINK} target supports Avro outputs.
 *
 * <p>Rule values only ever reach the SQL as literals built by {@link SqlText#literal}, numbers
 * re-rendered from their parsed {@code double}, and timestamps from their parsed instant; paths
 * and topic names are restricted to safe characters by validation.
 */
public final class SqlGenerator {

    /** The value of {@link RecordHeaders#ROUTING_ERROR} for records whose value is not a JSON event. */
    public static final String MALFORMED = "value is not a JSON object with eventHeader.eventType";

    /** SQL name of the function that encodes an event as framed Avro: {@code EVENT_AVRO(event, topic)}. */
    public static final String AVRO_FUNCTION = "EVENT_AVRO";
    /** Its implementation, in the routing job jar. */
    public static final String AVRO_FUNCTION_CLASS = "io.cdcfanout.routingjob.avro.EventAvroFunction";
    /**
     * SQL name of the table function that routes a record by the JSON rules:
     * {@code ROUTE_EVENT(event, cdc_operation, rules)}, one row per matching rule.
     */
    public static final String ROUTE_FUNCTION = "ROUTE_EVENT";
    /** Its implementation, in the routing job jar. */
    public static final String ROUTE_FUNCTION_CLASS = "io.cdcfanout.routingjob.route.RouteEventFunction";
    /** SQL name of the function that tells why an event does not fit its Avro schema (null if it does). */
    public static final String AVRO_ERROR_FUNCTION = "EVENT_AVRO_ERROR";
    /** Its implementation, in the routing job jar. */
    public static final String AVRO_ERROR_FUNCTION_CLASS = "io.cdcfanout.routingjob.avro.EventAvroErrorFunction";

    /**
     * Flink planner option that optimizes identical sub-plans of a statement set once: the view the
     * INSERTs share becomes one node of the job instead of a copy per INSERT.
     */
    public static final String SHARED_VIEW_OPTION = "table.optimizer.reuse-optimize-block-with-digest-enabled";

    /** The table of the self-managed Flink target that writes every JSON route and the dead letters of malformed records. */
    public static final String SHARED_SINK = "routed_records";

    private static final String VIEW = "routable_events";
    private static final String AVRO_ERROR_COLUMN = "avro_error";
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    private final SqlTarget target;
    private final GeneratorOptions options;

    public SqlGenerator(SqlTarget target, GeneratorOptions options) {
        this.target = target;
        this.options = options;
    }

    /** The connector DDL and routing logic of the rules' deployable rules. */
    public GeneratedSql generate(RuleSet rules) {
        List<Rule> deployable = rules.deployable();
        if (target != SqlTarget.FLINK) {
            deployable.stream().filter(rule -> rule.outputFormat() == OutputFormat.AVRO).findFirst().ifPresent(rule -> {
                throw new IllegalArgumentException("rule '" + rule.id() + "': outputFormat avro is generated for self-managed Flink only (target "
                        + target.dirName() + " cannot run the routing job's " + AVRO_FUNCTION + " function); use json there, or generate --target flink only");
            });
        }
        Map<String, OutputFormat> sinks = new LinkedHashMap<>();
        deployable.forEach(rule -> sinks.putIfAbsent(options.topicNames().apply(rule.outputTopic()), rule.outputFormat()));
        return new GeneratedSql(target, connectors(sinks), routing(deployable));
    }

    /** Whether JSON routes share one sink that writes each record to its rule's topic (self-managed Flink only). */
    private boolean sharedSink() {
        return target == SqlTarget.FLINK;
    }

    private String connectors(Map<String, OutputFormat> sinks) {
        StringBuilder sql = new StringBuilder(header(target == SqlTarget.FLINK
                ? "Connector DDL for Apache Flink's Kafka connector. The routing job fills in " + GeneratorOptions.BOOTSTRAP_PLACEHOLDER + "."
                : "Tables for Confluent Cloud for Apache Flink: each table is the topic of the same name."));
        sql.append("\n-- Raw events: key and value as bytes/text, so malformed values reach the dead-letter topic instead of failing the job.\n");
        sql.append(table(options.sourceTopic(), List.of(options.sourceTopic()), true, OutputFormat.JSON));
        sql.append("\n-- Records that cannot be routed.\n");
        sql.append(table(options.dlqTopic(), List.of(options.dlqTopic()), false, OutputFormat.JSON));
        if (sharedSink()) {
            List<String> topics = new ArrayList<>();
            sinks.forEach((topic, format) -> {
                if (format == OutputFormat.JSON) {
                    topics.add(topic);
                }
            });
            topics.add(options.dlqTopic());
            sql.append("\n-- Every JSON route and the dead-letter topic: one Kafka sink (one producer), each record written to the topic in its `topic` column.\n");
            sql.append(table(SHARED_SINK, topics, false, OutputFormat.JSON));
        }
        sinks.forEach((topic, format) -> {
            if (!sharedSink() || format == OutputFormat.AVRO) {
                sql.append('\n').append(table(topic, List.of(topic), false, format));
            }
        });
        return sql.toString();
    }

    /**
     * A Kafka table. A sink of several topics gets a writable {@code topic} column: Flink's Kafka
     * connector writes each row to the topic it names, which must be one of {@code topics}.
     */
    private String table(String name, List<String> topics, boolean source, OutputFormat format) {
        String topic = String.join(";", topics);
        List<String> columns = new ArrayList<>();
        columns.add("`event_key` BYTES");
        // Avro values are bytes made by EVENT_AVRO; JSON values are the event text, unchanged.
        columns.add("`event` " + (format == OutputFormat.AVRO ? "BYTES" : "STRING"));
        columns.add("`headers` " + target.headersType() + " METADATA" + (source && target == SqlTarget.CONFLUENT_CLOUD ? " VIRTUAL" : ""));
        if (source) {
            columns.add("`source_partition` INT METADATA FROM 'partition' VIRTUAL");
            columns.add("`source_offset` BIGINT METADATA FROM 'offset' VIRTUAL");
        }
        if (topics.size() > 1) {
            columns.add("`topic` STRING METADATA");
        }
        Map<String, String> with = new LinkedHashMap<>();
        if (target == SqlTarget.FLINK) {
            with.put("connector", "kafka");
            with.put("topic", topic);
            with.put("properties.bootstrap.servers", GeneratorOptions.BOOTSTRAP_PLACEHOLDER);
            if (source) {
                with.put("properties.group.id", options.groupId());
                // Resume from the group's committed offsets (committed on each checkpoint); only a
                // group that never committed starts at the beginning of the topic.
                with.put("scan.startup.mode", "group-offsets");
                with.put("properties.auto.offset.reset", "earliest");
                with.put("properties.isolation.level", "read_committed");
            } else {
                with.put("sink.delivery-guarantee", options.exactlyOnce() ? "exactly-once" : "at-least-once");
                // The limit of the topics it writes: a record too large fails here, naming the limit, not at the broker.
                with.put("properties.max.request.size", Integer.toString(GeneratorOptions.RECORD_MAX_BYTES));
                if (options.exactlyOnce()) {
                    with.put("sink.transactional-id-prefix", options.groupId() + "-" + name);
                    // Flink's default (1 h) exceeds the broker's default transaction.max.timeout.ms (15 min).
                    with.put("properties.transaction.timeout.ms", "900000");
                }
            }
            with.put("key.format", "raw");
            with.put("key.fields", "event_key");
        } else {
            with.put("changelog.mode", "append");
            with.put("key.format", "raw");
            if (source) {
                with.put("scan.startup.mode", "earliest-offset");
            }
        }
        with.put("value.format", "raw");
        if (target == SqlTarget.FLINK) {
            with.put("value.fields-include", "EXCEPT_KEY");
        }
        String distribution = target == SqlTarget.CONFLUENT_CLOUD ? "\nDISTRIBUTED BY (`event_key`)" : "";
        return "CREATE TABLE " + (target == SqlTarget.CONFLUENT_CLOUD ? "IF NOT EXISTS " : "") + identifier(name) + " (\n  "
                + String.join(",\n  ", columns) + "\n)" + distribution + " WITH (\n  "
                + with.entrySet().stream().map(e -> literal(e.getKey()) + " = " + literal(e.getValue())).collect(Collectors.joining(",\n  "))
                + "\n);\n";
    }

    private String routing(List<Rule> rules) {
        StringBuilder sql = new StringBuilder(header(sharedSink()
                ? "Routing logic: one INSERT for every JSON rule (one sink of all their topics), one per Avro rule, all in one STATEMENT SET (one job, one read of the source)."
                : "Routing logic: one INSERT per deployable rule, all in one STATEMENT SET (one job, one read of the source)."));
        // On self-managed Flink, ROUTE_EVENT evaluates the JSON rules; the view of parsed fields serves the rules
        // that keep an INSERT of their own (all of them on Confluent Cloud, the Avro ones on Flink).
        List<Rule> viewRules = sharedSink() ? rules.stream().filter(rule -> rule.outputFormat() == OutputFormat.AVRO).toList() : rules;
        if (sharedSink()) {
            sql.append("\n-- JSON rules: evaluated by a function of the routing job jar, all of them on one parse of each record.\n");
            sql.append(function(ROUTE_FUNCTION, ROUTE_FUNCTION_CLASS));
        }
        Map<String, String> columns = fieldColumns(viewRules);
        String view = sharedSink() && viewRules.isEmpty() ? null : view(sql, viewRules, columns);
        sql.append("\nEXECUTE STATEMENT SET\nBEGIN\n");
        if (sharedSink()) {
            sql.append(sharedInsert(rules.stream().filter(rule -> rule.outputFormat() == OutputFormat.JSON).toList()));
        }
        for (Rule rule : viewRules) {
            String topic = options.topicNames().apply(rule.outputTopic());
            String ruleHeaders = ruleHeaders(rule);
            String where = condition(rule.condition(), columns, "  ");
            sql.append("\n-- rule ").append(rule.id()).append('\n');
            sql.append("INSERT INTO ").append(identifier(topic)).append('\n');
            if (rule.outputFormat() == OutputFormat.AVRO) {
                sql.append("SELECT `event_key`, ").append(AVRO_FUNCTION).append("(`event`, ").append(literal(topic)).append("), MAP_UNION(`headers`, MAP[")
                        .append(ruleHeaders).append("])\n");
                sql.append("FROM ").append(identifier(view)).append('\n');
                sql.append("WHERE `well_formed` AND ").append(identifier(AVRO_ERROR_COLUMN)).append(" IS NULL AND ").append(where).append(";\n");
                sql.append("\n-- rule ").append(rule.id()).append(": events it matches that do not fit their Avro schema\n");
                sql.append(deadLetters(identifier(AVRO_ERROR_COLUMN), ruleHeaders, view,
                        "`well_formed` AND " + identifier(AVRO_ERROR_COLUMN) + " IS NOT NULL AND " + where));
            } else {
                sql.append("SELECT `event_key`, `event`, MAP_UNION(`headers`, MAP[").append(ruleHeaders).append("])\n");
                sql.append("FROM ").append(identifier(view)).append('\n');
                sql.append("WHERE `well_formed` AND ").append(where).append(";\n");
            }
        }
        if (!sharedSink()) {
            sql.append("\n-- records that are not a JSON event: never dropped\n");
            sql.append(deadLetters(literal(MALFORMED), null, view, "NOT `well_formed`"));
        }
        sql.append("\nEND;\n");
        return sql.toString();
    }

    /** Appends the view that parses each field these rules test (and the planner option that shares it); returns its name. */
    private String view(StringBuilder sql, List<Rule> rules, Map<String, String> columns) {
        if (target == SqlTarget.FLINK) {
            // Without it Flink inlines the view into every INSERT of the set (each Avro rule's): each parses the
            // JSON again for every field. With it, the view is one Calc they all read. Confluent Cloud does not
            // take planner options.
            sql.append("\n-- Compute the view once for all INSERTs instead of once per INSERT.\n");
            sql.append("SET ").append(literal(SHARED_VIEW_OPTION)).append(" = 'true';\n");
        }
        boolean avro = rules.stream().anyMatch(rule -> rule.outputFormat() == OutputFormat.AVRO);
        if (avro) {
            sql.append("\n-- Typed Avro outputs: functions of the routing job jar.\n");
            sql.append(function(AVRO_ERROR_FUNCTION, AVRO_ERROR_FUNCTION_CLASS)).append(function(AVRO_FUNCTION, AVRO_FUNCTION_CLASS));
        }
        StringBuilder body = new StringBuilder("SELECT\n  `event_key`,\n  `event`,\n  `headers`,\n  `source_partition`,\n  `source_offset`,\n");
        body.append("  CASE WHEN `event` IS NOT NULL AND `event` IS JSON OBJECT AND JSON_VALUE(`event`, '$.eventHeader.eventType') IS NOT NULL\n")
                .append("    THEN TRUE ELSE FALSE END AS `well_formed`");
        columns.forEach((path, column) -> body.append(",\n  JSON_VALUE(`event`, ").append(literal(path)).append(") AS ").append(identifier(column)));
        if (avro) {
            body.append(",\n  ").append(AVRO_ERROR_FUNCTION).append("(`event`) AS ").append(identifier(AVRO_ERROR_COLUMN));
        }
        body.append("\nFROM ").append(identifier(options.sourceTopic()));
        String view = viewName(body.toString());
        sql.append("\n-- Each field the rules test, extracted once per record.\n");
        if (target == SqlTarget.CONFLUENT_CLOUD) {
            // Confluent Cloud runs each statement on its own, so a temporary view would not outlive
            // this one; a persistent view named after its content is created once per rule change.
            sql.append("CREATE VIEW IF NOT EXISTS ");
        } else {
            sql.append("CREATE TEMPORARY VIEW ");
        }
        sql.append(identifier(view)).append(" AS\n").append(body).append(";\n");
        return view;
    }

    /**
     * The JSON rules and the records that are not a JSON event as one INSERT into the shared sink:
     * {@value #ROUTE_FUNCTION} parses each record once, tests every rule on it and makes one row per
     * matching rule (its topic, id and name), or one row with the reason for a record that is not a
     * JSON event (to the dead-letter topic). One Kafka sink writes them all. The rules are its argument,
     * one JSON literal per rule ({@link RuleJson}), so the SQL still shows every rule.
     */
    private String sharedInsert(List<Rule> rules) {
        String ruleArray = rules.isEmpty() ? "CAST(NULL AS ARRAY<STRING>)"
                : "ARRAY[\n" + rules.stream().map(rule -> "  -- rule " + rule.id() + "\n  "
                        + literal(RuleJson.write(routed(rule)))).collect(Collectors.joining(",\n")) + "\n]";
        return "\n-- JSON rules and malformed records: one output row per matching rule, written to the rule's topic.\n"
                + "INSERT INTO " + identifier(SHARED_SINK) + "\n"
                + "SELECT\n  `event_key`,\n  `event`,\n"
                + "  MAP_UNION(`headers`, CASE WHEN `route`.`error` IS NULL\n"
                + "    THEN MAP[" + target.headerKey(RecordHeaders.ROUTING_RULE_ID) + ", ENCODE(`route`.`rule_id`, 'UTF-8'), "
                + target.headerKey(RecordHeaders.ROUTING_RULE_NAME) + ", ENCODE(`route`.`rule_name`, 'UTF-8')]\n"
                + "    ELSE MAP[" + deadLetterHeaders("`route`.`error`", null) + "] END),\n"
                + "  COALESCE(`route`.`topic`, " + literal(options.dlqTopic()) + ")\n"
                + "FROM " + identifier(options.sourceTopic()) + "\n"
                + "CROSS JOIN LATERAL TABLE(" + ROUTE_FUNCTION + "(`event`, DECODE(`headers`[" + target.headerKey(FieldRef.CDC_OPERATION_HEADER)
                + "], 'UTF-8'), " + ruleArray + ")) AS `route` (`topic`, `rule_id`, `rule_name`, `error`);\n";
    }

    /** The rule as ROUTE_EVENT gets it: its topic as this generator names it, its name bounded like the header it becomes. */
    private Rule routed(Rule rule) {
        return new Rule(rule.id(), HeaderValue.bounded(rule.name()), rule.consumerId(), rule.description(), options.topicNames().apply(rule.outputTopic()),
                rule.outputFormat(), rule.enabled(), rule.status(), rule.condition());
    }

    private String ruleHeaders(Rule rule) {
        return target.headerKey(RecordHeaders.ROUTING_RULE_ID) + ", " + bytes(rule.id()) + ", " + target.headerKey(RecordHeaders.ROUTING_RULE_NAME) + ", "
                + bytes(HeaderValue.bounded(rule.name()));
    }

    /** An INSERT into the dead-letter topic: the record unchanged, with why and where it came from. */
    private String deadLetters(String error, String ruleHeaders, String view, String where) {
        return "INSERT INTO " + identifier(options.dlqTopic()) + "\n"
                + "SELECT `event_key`, `event`, MAP_UNION(`headers`, MAP[" + deadLetterHeaders(error, ruleHeaders) + "])\n"
                + "FROM " + identifier(view) + "\n"
                + "WHERE " + where + ";\n";
    }

    /** The headers a dead letter gains: why, the rule (if any), and where it came from. */
    private String deadLetterHeaders(String error, String ruleHeaders) {
        return target.headerKey(RecordHeaders.ROUTING_ERROR) + ", ENCODE(" + error + ", 'UTF-8'), "
                + (ruleHeaders == null ? "" : ruleHeaders + ", ")
                + target.headerKey(RecordHeaders.SOURCE_PARTITION) + ", ENCODE(CAST(`source_partition` AS STRING), 'UTF-8'), "
                + target.headerKey(RecordHeaders.SOURCE_OFFSET) + ", ENCODE(CAST(`source_offset` AS STRING), 'UTF-8')";
    }

    private static String function(String name, String className) {
        return "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS " + identifier(name) + " AS " + literal(className) + " LANGUAGE JAVA;\n";
    }

    /**
     * The view's name: fixed for self-managed Flink (temporary, per job); on Confluent Cloud,
     * suffixed with a hash of its definition, because a persistent view cannot change under the
     * statements that use it.
     */
    private String viewName(String definition) {
        if (target != SqlTarget.CONFLUENT_CLOUD) {
            return VIEW;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(definition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return VIEW + "_" + java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String condition(Condition condition, Map<String, String> columns, String indent) {
        return switch (condition) {
            case Group group -> {
                if (group.conditions().size() == 1) {
                    yield condition(group.conditions().getFirst(), columns, indent);
                }
                String inner = indent + "  ";
                yield "(\n" + inner + group.conditions().stream().map(c -> condition(c, columns, inner))
                        .collect(Collectors.joining("\n" + inner + group.logic().name() + " ")) + "\n" + indent + ")";
            }
            case Predicate predicate -> predicate(predicate, columns);
        };
    }

    private String predicate(Predicate p, Map<String, String> columns) {
        FieldRef field = p.field();
        String text = field.isCdcOperation()
                ? "COALESCE(DECODE(`headers`[" + target.headerKey(FieldRef.CDC_OPERATION_HEADER) + "], 'UTF-8'), "
                        + literal(FieldRef.DEFAULT_CDC_OPERATION) + ")"
                : identifier(columns.get(field.jsonPath()));
        switch (p.operator()) {
            case IS_NULL:
                return "(" + text + " IS NULL)";
            case IS_NOT_NULL:
                return "(" + text + " IS NOT NULL)";
            case EXISTS:
                return field.isCdcOperation() ? "TRUE" : "JSON_EXISTS(`event`, " + literal(field.jsonPath()) + ")";
            default:
                break;
        }
        String value = typed(text, p.valueType());
        List<String> literals = p.values().stream().map(this::typedLiteral).toList();
        return switch (p.operator()) {
            case EQUALS -> "(" + value + " = " + literals.getFirst() + ")";
            case NOT_EQUALS -> "(" + value + " <> " + literals.getFirst() + ")";
            // Comparisons one by one rather than IN (…): an IN list of string literals of different
            // lengths would be typed CHAR(n) and padded.
            case IN -> "(" + literals.stream().map(l -> value + " = " + l).collect(Collectors.joining(" OR ")) + ")";
            case NOT_IN -> "(" + literals.stream().map(l -> value + " <> " + l).collect(Collectors.joining(" AND ")) + ")";
            case GREATER_THAN -> "(" + value + " > " + literals.getFirst() + ")";
            case GREATER_THAN_OR_EQUAL -> "(" + value + " >= " + literals.getFirst() + ")";
            case LESS_THAN -> "(" + value + " < " + literals.getFirst() + ")";
            case LESS_THAN_OR_EQUAL -> "(" + value + " <= " + literals.getFirst() + ")";
            case BETWEEN -> "(" + value + " >= " + literals.get(0) + " AND " + value + " <= " + literals.get(1) + ")";
            case MATCHES -> "REGEXP(" + value + ", " + literals.getFirst() + ")";
            case STARTS_WITH -> "(POSITION(" + literals.getFirst() + " IN " + value + ") = 1)";
            case IS_NULL, IS_NOT_NULL, EXISTS -> throw new IllegalStateException("handled above");
        };
    }

    /** The field text as the value type: NULL where it does not parse, like the evaluator. */
    private static String typed(String text, ValueType type) {
        return switch (type) {
            case STRING -> text;
            case NUMBER -> "CASE WHEN REGEXP(" + text + ", " + literal(RuleEvaluator.NUMBER_REGEX) + ") THEN CAST(" + text + " AS DOUBLE) END";
            case BOOLEAN -> "CASE WHEN " + text + " = 'true' OR " + text + " = 'false' THEN " + text + " END";
            case TIMESTAMP -> "CASE WHEN REGEXP(" + text + ", " + literal(RuleEvaluator.TIMESTAMP_REGEX) + ") THEN TRY_CAST(REPLACE(REPLACE("
                    + text + ", 'T', ' '), 'Z', '') AS TIMESTAMP(9)) END";
        };
    }

    private String typedLiteral(TypedValue value) {
        return switch (value.type()) {
            case STRING -> literal(value.asString());
            case NUMBER -> "CAST(" + value.asNumber() + " AS DOUBLE)";
            case BOOLEAN -> literal(Boolean.toString(value.asBoolean()));
            case TIMESTAMP -> "TIMESTAMP " + literal(LocalDateTime.ofInstant(value.asInstant(), ZoneOffset.UTC).format(SQL_TIMESTAMP));
        };
    }

    private static String bytes(String text) {
        return "ENCODE(" + literal(text) + ", 'UTF-8')";
    }

    /** A column name for each JSON path the rules compare, readable and unique. */
    private static Map<String, String> fieldColumns(List<Rule> rules) {
        Map<String, String> columns = new LinkedHashMap<>();
        rules.forEach(rule -> collectPaths(rule.condition(), columns));
        return columns;
    }

    private static void collectPaths(Condition condition, Map<String, String> columns) {
        switch (condition) {
            case Group group -> group.conditions().forEach(c -> collectPaths(c, columns));
            case Predicate p -> {
                String path = p.field().jsonPath();
                if (path != null && !columns.containsKey(path)) {
                    String base = "f_" + path.substring(2).replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_$", "");
                    String name = base;
                    for (int i = 2; columns.containsValue(name); i++) {
                        name = base + "_" + i;
                    }
                    columns.put(path, name);
                }
            }
        }
    }

    private static String header(String purpose) {
        return "-- Generated from flink-jobs/routing-rules.yaml by `flink-jobs/route generate`: do not edit, regenerate.\n-- " + purpose + "\n";
    }
}
