package io.cdcfanout.terraform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Finds a Terraform-compatible CLI: tofu or terraform on PATH, else the one infra/scripts/install-tofu.sh built. */
final class TerraformBinary {

    private TerraformBinary() {
    }

    /**
     * The binary, or: under CI=true a failed test (.ci/run must install one), elsewhere a skipped test.
     */
    static Path require() {
        Optional<Path> found = find();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            Assertions.fail("neither tofu nor terraform found (PATH, infra/terraform/.bin): CI must run infra/scripts/install-tofu.sh first");
        }
        Assumptions.assumeTrue(found.isPresent(), "neither tofu nor terraform found: run infra/scripts/install-tofu.sh");
        return found.get();
    }

    /** Runs the binary with the arguments in a directory; output and error together. */
    static Result run(Path binary, Path dir, String... args) throws java.io.IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(binary.toString());
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        // No CLI configuration is needed; keeps a missing ~/.terraformrc from adding warnings.
        builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
        builder.environment().put("TF_IN_AUTOMATION", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            Assertions.fail(binary + " " + String.join(" ", args) + " did not finish within 2 minutes");
        }
        return new Result(process.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }

    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        Optional<Path> onPath = Stream.of("tofu", "terraform")
                .flatMap(tool -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, tool)))
                .filter(Files::isExecutable)
                .findFirst();
        if (onPath.isPresent()) {
            return onPath;
        }
        Path built = Repo.TERRAFORM.resolve(".bin/tofu");
        return Files.isExecutable(built) ? Optional.of(built) : Optional.empty();
    }
}
