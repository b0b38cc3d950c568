package io.cdcfanout.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults {@code ./mvnw verify} injects (a consumer, the Connect worker, the broker), each once under a short steady
 * load on the whole local stack: nothing accepted may be lost, misrouted or altered. {@code load-test/faults} runs every
 * fault, longer and at a higher rate.
 */
class FaultsIT {

    @Test
    void killingAConsumerTheConnectWorkerAndTheBrokerUnderLoadLosesNothing(@TempDir Path dir) throws Exception {
        FaultRun.Timing timing = new FaultRun.Timing(50, Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(12), 500,
                Duration.ofMinutes(3), Duration.ofMinutes(2));
        Path file = dir.resolve("faults.json");

        FaultReport report = FaultSuite.run(TestStack.repoRoot(), Fault.ciSubset(), timing, Duration.ZERO, file, System.out);

        assertThat(report.faults()).extracting(FaultResult::fault).containsExactly("kill-loan-consumer", "kill-connect", "kill-kafka");
        assertThat(report.faults()).allSatisfy(result -> {
            assertThat(result.problems()).as(result.fault()).isEmpty();
            assertThat(result.accepted()).as(result.fault() + ": events accepted").isGreaterThan(500);
            assertThat(result.lost()).as(result.fault()).isZero();
            assertThat(result.misrouted()).as(result.fault()).isZero();
            assertThat(result.altered()).as(result.fault()).isZero();
            assertThat(result.serverErrors()).as(result.fault()).isZero();
            assertThat(result.delivered()).as(result.fault()).isEqualTo(result.accepted());
            assertThat(result.passed()).as(result.fault()).isTrue();
        });
        assertThat(report.passed()).isTrue();
        assertThat(Files.readString(file)).contains("\"passed\" : true", "\"kill-kafka\"");
    }
}
