package io.cdcfanout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK as a team outside this repository uses it: the documented install command puts sdk-consumer and
 * sdk-testkit (with the parent POMs they need) into a local repository of their own, then examples/outside-consumer,
 * copied out of the checkout, builds against only those artifacts and runs its handler test with the test kit on
 * real Kafka started from this checkout ({@code CDCFANOUT_HOME}). Third-party artifacts come read-only from the build's
 * own local repository (Maven's {@code maven.repo.local.tail}), so the user's repository gets nothing of this test.
 */
class OutsideConsumerProjectIT {

    private static final Path REPO = TestStack.repoRoot();
    private static final Path EXAMPLE = REPO.resolve("examples/outside-consumer");
    /** The documented command (sdk/README.md, "Use it from your own project"), without the local repository options. */
    static final List<String> INSTALL = List.of("install", "-pl", "sdk/consumer,sdk/testkit", "-am", "-DskipTests");

    private Path work;

    @AfterEach
    void deleteWork() throws IOException {
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void aConsumerProjectOutsideTheRepositoryBuildsFromTheInstalledSdkAndHandlesAnEventWithTheTestKit() throws Exception {
        work = Files.createTempDirectory("outside-consumer");
        Path localRepository = work.resolve("repository");
        Path project = work.resolve("loan-audit");
        copy(EXAMPLE, project);
        String buildRepository = System.getProperty("cdcfanout.build-repository");
        assertThat(buildRepository).as("the build's local repository (set by e2e's pom)").isNotBlank();
        List<String> repositories = List.of("-o", "-Dmaven.repo.local=" + localRepository, "-Dmaven.repo.local.tail=" + buildRepository);

        List<String> install = new ArrayList<>(List.of("-B", "-q", "-f", REPO.resolve("pom.xml").toString()));
        install.addAll(INSTALL);
        install.addAll(repositories);
        assertThat(maven(install, work.resolve("install.log"))).as("install of the SDK; see the log above").isZero();
        assertThat(localRepository.resolve("io/cdcfanout/sdk-consumer")).isDirectory();
        assertThat(localRepository.resolve("io/cdcfanout/fanout-cli")).as("the launcher is not part of the SDK").doesNotExist();

        List<String> verify = new ArrayList<>(List.of("-B", "-f", project.resolve("pom.xml").toString(), "verify"));
        verify.addAll(repositories);
        Path log = work.resolve("verify.log");
        assertThat(maven(verify, log)).as("the outside project's build; see the log above").isZero();
        assertThat(Files.readString(log)).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
        assertThat(project.resolve("target/quarkus-app/quarkus-run.jar")).isRegularFile();
    }

    @Test
    void theExamplePinsTheVersionsThisRepositoryBuildsWith() throws IOException {
        String example = Files.readString(EXAMPLE.resolve("pom.xml"));
        String root = Files.readString(REPO.resolve("pom.xml"));
        assertThat(property(example, "quarkus.platform.version")).isEqualTo(property(root, "quarkus.platform.version"));
        for (String plugin : List.of("compiler-plugin.version", "resources-plugin.version", "jar-plugin.version", "surefire-plugin.version")) {
            assertThat(property(example, plugin)).as(plugin).isEqualTo(property(root, plugin));
        }
        Matcher version = Pattern.compile("<artifactId>cdc-fanout-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(root);
        assertThat(version.find()).isTrue();
        assertThat(property(example, "cdc-fanout.version")).isEqualTo(version.group(1));
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int maven(List<String> arguments, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("mvnw").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(TestStack.HOME_VARIABLE, REPO.toString());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("maven did not finish within 15 minutes: " + command);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            System.out.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
        return process.exitValue();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
