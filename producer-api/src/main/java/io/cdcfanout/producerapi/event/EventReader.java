package io.cdcfanout.producerapi.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cdcfanout.producerapi.ProducerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Parses request bodies strictly: exactly one JSON document, UTF-8, no duplicate keys, bounded
 * nesting. Numbers keep their exact decimal value (no binary floating point on the way to the database).
 */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper mapper;
    private final int maxNestingDepth;

    public EventReader(ProducerConfig config) {
        this.maxNestingDepth = config.maxNestingDepth();
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }

    /** The one JSON value of {@code body}. */
    public JsonNode read(byte[] body) throws MalformedJsonException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException(String.valueOf(e.getOriginalMessage()).contains("NestingDepth")
                    ? "JSON is nested deeper than " + maxNestingDepth + " levels"
                    : "JSON exceeds a parser limit" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedJsonException("request body is empty");
        }
        return root;
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
