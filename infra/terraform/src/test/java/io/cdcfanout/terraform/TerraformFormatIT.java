package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmt -check} needs no provider, so it runs here although the Confluent provider cannot be
 * downloaded. Under CI=true a missing binary fails the build (.ci/run must run infra/scripts/install-tofu.sh);
 * elsewhere the test is skipped with the reason.
 */
class TerraformFormatIT {

    private static Path binary;

    /** Per test, so that a skip is reported for each test instead of an empty class. */
    @BeforeEach
    void findBinary() {
        var found = TerraformBinary.find();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("neither tofu nor terraform found (PATH, infra/terraform/.bin): CI must run infra/scripts/install-tofu.sh first");
        }
        assumeTrue(found.isPresent(), "neither tofu nor terraform found: run infra/scripts/install-tofu.sh");
        binary = found.get();
    }

    @Test
    void everyTerraformFileUnderInfraTerraformIsCanonicallyFormatted() throws Exception {
        Result result = fmtCheck(Repo.TERRAFORM);

        assertThat(result.exitCode()).as("%s fmt -check -recursive infra/terraform:%n%s", binary, result.output()).isZero();
    }

    @Test
    void aMisformattedFileFailsTheCheckAndIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.tf"), "variable \"x\" {\n    default    = 1\n}\n");

        Result result = fmtCheck(dir);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("bad.tf");
    }

    private static Result fmtCheck(Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "fmt", "-check", "-recursive", "-diff", "-no-color", dir.toString())
                .redirectErrorStream(true);
        // No CLI configuration needed for fmt; keeps a missing ~/.terraformrc from adding warnings.
        builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s fmt did not finish within 2 minutes", binary);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
