package io.cdcfanout.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sample events exist once, in contract/samples, and reach every module's classpath through sdk-events. */
class ContractSamplesTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path SAMPLES = REPO.resolve("contract/samples");
    /** Build output, tool caches and version control: copies there are not the repository's. */
    private static final List<String> NOT_SOURCES = List.of("target", "node_modules", ".git", ".fanout", ".mvn");

    @Test
    void noSampleEventExistsTwiceInTheRepository() throws IOException {
        List<byte[]> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path sample : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                samples.add(Files.readAllBytes(sample));
            }
        }
        assertThat(samples).hasSize(4);
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPO)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.startsWith(SAMPLES) && Files.isRegularFile(f)
                    && NOT_SOURCES.stream().noneMatch(dir -> REPO.relativize(f).toString().startsWith(dir + "/") || REPO.relativize(f).toString().contains("/" + dir + "/"))).toList()) {
                byte[] content = Files.readAllBytes(file);
                if (samples.stream().anyMatch(sample -> Arrays.equals(sample, content))) {
                    copies.add(REPO.relativize(file));
                }
            }
        }
        assertThat(copies).as("copies of contract/samples: read the samples from the classpath (samples/*.json, sdk-events) or from contract/samples instead")
                .isEmpty();
    }

    @Test
    void theSamplesAreOnTheClasspathOfWhoeverDependsOnSdkEvents() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path sample : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try (InputStream in = ContractSamplesTest.class.getResourceAsStream("/samples/" + sample.getFileName())) {
                    assertThat(in).as(sample.getFileName().toString()).isNotNull();
                    assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(sample));
                }
            }
        }
    }
}
