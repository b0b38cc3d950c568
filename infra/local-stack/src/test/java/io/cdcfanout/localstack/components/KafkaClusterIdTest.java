package io.cdcfanout.localstack.components;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kafka's StorageTool takes a cluster id starting with '-' for an option, and fails to format. */
class KafkaClusterIdTest {

    @Test
    void clusterIdsAreKafkaUuidsThatNeverStartWithADash() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Kafka.clusterId();
            assertThat(id).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
