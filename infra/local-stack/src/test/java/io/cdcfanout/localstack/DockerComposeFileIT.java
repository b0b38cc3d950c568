package io.cdcfanout.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cdcfanout.localstack.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid and shares its configuration files with the local stack. No Docker
 * engine runs here: Debian's docker-compose validates the file without one.
 */
class DockerComposeFileIT {

    private static final Path COMPOSE_FILE = TestStack.repoRoot().resolve("docker-compose.yml");

    @Test
    void composeFileIsValid() throws Exception {
        Path dockerCompose = Path.of("/usr/bin/docker-compose");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(dockerCompose).as("docker-compose (.ci/run installs Debian's package)").isExecutable();
        } else {
            assumeThat(Files.isExecutable(dockerCompose)).as("docker-compose installed (apt-get install docker-compose)").isTrue();
        }
        Process process = new ProcessBuilder(dockerCompose.toString(), "-f", COMPOSE_FILE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void composeRegistersTheConnectorFilesOfTheLocalStack() throws Exception {
        assertThat(Files.readString(COMPOSE_FILE)).contains("./infra/connect:/connectors:ro");
    }
}
