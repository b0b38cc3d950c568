package io.cdcfanout.producerapi;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The production default of trace sampling (none recorded, application.properties) instead of the test profile's
 * record-everything: a benchmark measures what users run.
 */
public class ProductionSampling implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.traces.sampler.arg", "0");
    }
}
