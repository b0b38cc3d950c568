package io.cdcfanout.producerapi.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcfanout.producerapi.Events;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.producerapi.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The computed jsonb size equals what PostgreSQL prints, for the values where the two could differ
 * (numbers written out, escapes, multi-byte characters, empty containers), so the event budget is
 * never underestimated.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class JsonbTextTest {

    @Inject
    EventReader reader;

    static Stream<String> documents() {
        return Stream.of(
                "{\"a\": 1, \"b\": [1, 2]}", "{}", "[]", "[[], {}, [{}]]", "{\"bb\":{\"a\":[]},\"a\":null,\"ccc\":[true,false]}",
                "[1e300]", "[-1.2e-2]", "[1.50]", "[1.500e2]", "[-0]", "[-0.00]", "[0e5]", "[0e-5]", "[1E+3]", "[123.4560]",
                "[9223372036854775807, -9223372036854775808]", "[123456789012345678901234567890]", "[1e-300]", "[-1.7976931348623157e308]",
                "[4.9e-324]", "[0.1, 2.0, 3]", "[1e-16383]", "[1e131071]",
                "[\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\/ \\u007f\"]", "[\"é€😀\", \"\\u00e9\\u20ac\\ud83d\\ude00\"]",
                "{\"k\\\"ey\\n\": \"v\", \"ключ\": \"значение\"}",
                "{\"pad\": [" + String.join(",", Collections.nCopies(3500, "1e300")) + "]}");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void computedLengthEqualsPostgresJsonbText(String document) throws Exception {
        assertSameAsPostgres(document);
    }

    @Test
    void referenceSamplesMeasureAsPostgresPrintsThem() throws Exception {
        for (String sample : List.of(Events.CAR_CREATED, Events.LOAN_CREATED, Events.LOAN_PAYMENT_SUBMITTED, Events.CAR_SERVICE_DONE)) {
            assertSameAsPostgres(new String(Events.sampleBytes(sample), StandardCharsets.UTF_8));
        }
    }

    @Test
    void largestPartsFollowWhatDominatesTheDocument() throws Exception {
        JsonNode document = reader.read(("{\"small\": 1, \"entities\": [{\"id\": \"x\", \"a\": \"" + "a".repeat(5000) + "\", \"b\": \""
                + "b".repeat(4000) + "\", \"pad\": [" + String.join(",", Collections.nCopies(100, "1e50")) + "]}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(JsonbText.largestParts(document, 3)).extracting(JsonbText.Part::pointer)
                .containsExactly("/entities/0/pad", "/entities/0/a", "/entities/0/b");
        assertThat(JsonbText.largestParts(document, 1)).extracting(JsonbText.Part::pointer).containsExactly("/entities/0/pad");
    }

    /** The limit's headroom: the default budget plus 64 KiB is the record limit of infra/kafka/topics.json, once that file declares it. */
    @Test
    void defaultEventBudgetLeaves64KiBOfTheRecordLimit() throws Exception {
        int budget = ConfigProvider.getConfig().getValue("producer.max-event-bytes", Integer.class);
        assertThat(budget).isEqualTo(983040);
        JsonNode topics = Events.JSON.readTree(Files.readString(TestStack.repoRoot().resolve("infra/kafka/topics.json")));
        if (topics.has("recordMaxBytes")) {
            assertThat(budget + 64 * 1024).isEqualTo(topics.get("recordMaxBytes").asInt());
        }
    }

    private void assertSameAsPostgres(String document) throws Exception {
        JsonNode node = reader.read(document.getBytes(StandardCharsets.UTF_8));
        // What the store sends to PostgreSQL is the node's Jackson text, as EventRows does.
        long postgres = Events.count("SELECT octet_length(?::jsonb::text)", node.toString());
        assertThat(JsonbText.length(node)).as(document.length() > 200 ? document.substring(0, 200) : document).isEqualTo(postgres);
    }
}
