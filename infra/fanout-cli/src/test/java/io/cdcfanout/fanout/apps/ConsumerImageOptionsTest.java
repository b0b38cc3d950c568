package io.cdcfanout.fanout.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.testing.TestStack;
import java.nio.file.Files;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** A consumer starts with the same JVM options in its image and under {@code ./fanout up}, which trains its AOT cache with them. */
class ConsumerImageOptionsTest {

    @Test
    void everyConsumersJvmImageSetsTheOptionsTheLocalStackRunsItWith() throws Exception {
        int consumers = 0;
        for (Component component : ServiceLoader.load(Component.class)) {
            if (component instanceof ConsumerApp consumer) {
                String dockerfile = consumer.buildModules().get(0) + "/src/main/docker/Dockerfile.jvm";
                assertThat(Files.readString(TestStack.repoRoot().resolve(dockerfile))).as(dockerfile)
                        .contains("ENV JAVA_OPTS=\"" + String.join(" ", ConsumerApp.IMAGE_JVM_OPTIONS) + "\"");
                consumers++;
            }
        }
        assertThat(consumers).isEqualTo(4);
    }
}
