package io.cdcfanout.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository, found from the module directory Maven runs the tests in. */
final class Repo {

    static final Path ROOT = findRoot();
    static final Path TERRAFORM = ROOT.resolve("infra/terraform");
    static final Path CONFLUENT_CLOUD = TERRAFORM.resolve("confluent-cloud");
    static final Path GENERATED_CONFLUENT_CLOUD_SQL = ROOT.resolve("flink-jobs/generated/confluent-cloud");

    private Repo() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("infra/terraform")) && Files.isDirectory(dir.resolve("flink-jobs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the cdc-fanout repository");
        }
        return dir;
    }
}
