package io.cdcfanout.sdk.consumer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * {@link RebalanceTest} at {@code cdcfanout.consumer.concurrency=16}: up to 64 records of many keys queued or running when
 * partitions move. Still nothing lost, nothing dead-lettered, everything committed, the events of a key handled in
 * order and one at a time.
 */
@QuarkusTest
@TestProfile(ConcurrentRebalanceTest.Profile.class)
class ConcurrentRebalanceTest extends RebalanceTest {

    static final String CONCURRENT_GROUP = "sdk-concurrent-rebalance-test";

    @Override
    protected String group() {
        return CONCURRENT_GROUP;
    }

    @Override
    protected String topicPrefix() {
        return "sdk-concurrent-rebalance-";
    }

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cdcfanout.consumer.topic", "sdk-concurrent-rebalance-.*", "cdcfanout.consumer.group-id", CONCURRENT_GROUP,
                    "cdcfanout.consumer.concurrency", "16");
        }
    }
}
