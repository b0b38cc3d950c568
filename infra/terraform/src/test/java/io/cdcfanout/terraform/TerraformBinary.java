package io.cdcfanout.terraform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a Terraform-compatible CLI: tofu or terraform on PATH, else the one infra/scripts/install-tofu.sh built. */
final class TerraformBinary {

    private TerraformBinary() {
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
