package io.cdcfanout.routingjob;

import static io.cdcfanout.routingjob.RoutingFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.routingrules.eval.RuleEvaluator;
import io.cdcfanout.routingrules.parse.RuleParser;
import io.cdcfanout.routingrules.sql.GeneratorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The exactly-once option on real Kafka and Flink: transactional sinks, read by read_committed consumers. */
class ExactlyOnceRoutingTest {

    private static final Path SAMPLES = Path.of("../../contract/samples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exactlyOnceJobDeliversEachRoutedEventOnceToEachMatchingTopic() throws Exception {
        var rules = new RuleParser(Set.of(GeneratorOptions.SOURCE_TOPIC, GeneratorOptions.DLQ_TOPIC)).parse(RoutingFixture.SHIPPED_RULES);
        RuleEvaluator evaluator = new RuleEvaluator(rules);
        try (RoutingFixture fixture = new RoutingFixture(rules, true)) {
            fixture.startJob();
            Map<String, List<String>> expected = new HashMap<>();
            for (String sample : List.of("car-created-event.json", "car-service-done-event.json", "loan-created-event.json",
                    "loan-payment-submitted-event.json")) {
                ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(SAMPLES.resolve(sample)));
                String uuid = UUID.randomUUID().toString();
                ((ObjectNode) event.get("eventHeader")).put("uuid", uuid);
                expected.put(uuid, evaluator.route(event.toString(), Map.of()).topics());
                fixture.send(event.get("entities").get(0).get("id").textValue(), event.toString(),
                        Map.of("eventId", uuid, "eventType", event.at("/eventHeader/eventType").textValue()));
            }
            fixture.awaitRouted();

            Map<String, List<String>> routed = new HashMap<>();
            for (ConsumerRecord<String, String> record : fixture.readAll(fixture.outputTopics())) {
                routed.computeIfAbsent(header(record, "eventId"), id -> new ArrayList<>()).add(fixture.baseName(record.topic()));
            }
            expected.forEach((uuid, topics) -> assertThat(routed.get(uuid)).as("topics of " + uuid).containsExactlyInAnyOrderElementsOf(topics));
        }
    }
}
