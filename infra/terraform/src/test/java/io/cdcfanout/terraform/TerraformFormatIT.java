package io.cdcfanout.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmt -check} needs no provider, so it runs here although the Confluent provider cannot be
 * downloaded. Under CI=true a missing binary fails the build (.ci/run must run infra/scripts/install-tofu.sh);
 * elsewhere the test is skipped with the reason.
 */
class TerraformFormatIT {

    private Path binary;

    /** Per test, so that a skip is reported for each test instead of an empty class. */
    @BeforeEach
    void findBinary() {
        binary = TerraformBinary.require();
    }

    @Test
    void everyTerraformFileUnderInfraTerraformIsCanonicallyFormatted() throws Exception {
        TerraformBinary.Result result = fmtCheck(Repo.TERRAFORM);

        assertThat(result.exitCode()).as("%s fmt -check -recursive infra/terraform:%n%s", binary, result.output()).isZero();
    }

    @Test
    void aMisformattedFileFailsTheCheckAndIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.tf"), "variable \"x\" {\n    default    = 1\n}\n");

        TerraformBinary.Result result = fmtCheck(dir);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("bad.tf");
    }

    private TerraformBinary.Result fmtCheck(Path dir) throws Exception {
        return TerraformBinary.run(binary, dir, "fmt", "-check", "-recursive", "-diff", "-no-color", dir.toString());
    }
}
