package io.cdcfanout.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.cdcfanout.fanout.apps.PipelineConsole;
import io.cdcfanout.fanout.apps.QuarkusApp;
import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.components.FlinkCluster;
import io.cdcfanout.localstack.components.Postgres;
import io.cdcfanout.localstack.testing.TestStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml runs the topology of the local stack: every component a service, the apps and
 * the routing job built from this repository's Dockerfiles, health-checked, configured by
 * environment without secrets, and reading the same connector, topic and routing files. No Docker
 * engine runs here: Debian's docker-compose validates and resolves the file, and the scripts the
 * images run are run here against stand-ins of Kafka, Flink and the apps.
 */
class DockerComposeFileIT {

    private static final Path REPO = TestStack.repoRoot();
    private static final Path COMPOSE_FILE = REPO.resolve("docker-compose.yml");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
    /** What the tests set for the password of each database role, so each can be told apart from any literal and from the others. */
    private static final Map<String, String> PASSWORDS = Map.of(
            "POSTGRES_ADMIN_PASSWORD", "admin-password-from-env",
            "CDC_DB_PASSWORD", "app-password-from-env",
            "CDC_DB_REPLICATION_PASSWORD", "replication-password-from-env",
            "CDC_DB_REGISTRY_PASSWORD", "registry-password-from-env");
    private static final String INIT_SCRIPT_MOUNT = "/docker-entrypoint-initdb.d/10-roles.sql";
    /** The producer's API key as the tests pass it. */
    private static final String API_KEY = "not-a-literal-api-key";
    /** The producer's management interface (/q/*), a port of its own. */
    private static final int PRODUCER_MANAGEMENT_PORT = 9081;
    /** Services that run once and exit; every other service runs for good. */
    private static final Set<String> ONE_SHOTS = Set.of("kafka-init", "connect-init", "routing-job");
    private static final String ROUTING_JOB_DOCKERFILE = "flink-jobs/routing-job/src/main/docker/Dockerfile";

    @Nested
    class Validity {

        @Test
        void composeFileIsValidWithTheSettingsOfEnvExample() throws Exception {
            Result result = compose(List.of("--env-file", REPO.resolve(".env.example").toString()), Map.of(), "config", "-q");
            assertThat(result.exitCode()).as(result.output()).isZero();
        }

        @Test
        void composeRefusesToStartWithoutEachDatabasePasswordAndSaysWhichVariableIsMissing(@TempDir Path dir) throws Exception {
            for (String missing : PASSWORDS.keySet()) {
                StringBuilder env = new StringBuilder("PRODUCER_API_KEY=k\n");
                PASSWORDS.keySet().stream().filter(v -> !v.equals(missing)).forEach(v -> env.append(v).append("=x\n"));
                Path envFile = Files.writeString(dir.resolve("without-" + missing + ".env"), env);
                Result result = compose(List.of("--env-file", envFile.toString()), Map.of(), "config", "-q");
                assertThat(result.exitCode()).as(missing).isNotZero();
                assertThat(result.output()).as(missing).contains("set " + missing);
            }
        }

        @Test
        void composeRefusesToStartTheProducerWithoutAnApiKey(@TempDir Path dir) throws Exception {
            StringBuilder env = new StringBuilder();
            PASSWORDS.keySet().forEach(v -> env.append(v).append("=x\n"));
            Path envFile = Files.writeString(dir.resolve("no-key.env"), env);
            Result result = compose(List.of("--env-file", envFile.toString()), Map.of(), "config", "-q");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("set PRODUCER_API_KEY");
        }
    }

    @Nested
    class Exposure {

        @Test
        void everyPublishedPortIsOnLoopbackUnlessTheUserOptsIn() throws Exception {
            int published = 0;
            for (var service : services(Map.of()).entrySet()) {
                for (JsonNode port : service.getValue().path("ports")) {
                    assertThat(PortMapping.of(port).hostIp()).as(service.getKey() + " " + port).isEqualTo("127.0.0.1");
                    published++;
                }
            }
            assertThat(published).as("postgres, kafka, registry, connect, flink, producer API and management, four consumers").isEqualTo(11);
            for (var service : services(Map.of("FANOUT_BIND_ADDRESS", "0.0.0.0")).entrySet()) {
                for (JsonNode port : service.getValue().path("ports")) {
                    String expected = PortMapping.of(port).target() == PRODUCER_MANAGEMENT_PORT ? "127.0.0.1" : "0.0.0.0";
                    assertThat(PortMapping.of(port).hostIp()).as(service.getKey() + " " + port).isEqualTo(expected);
                }
            }
        }

        @Test
        void exposingTheApiLeavesTheProducersManagementPortOnLoopbackUntilItIsOptedInOnItsOwn() throws Exception {
            JsonNode exposedApi = services(Map.of("FANOUT_BIND_ADDRESS", "0.0.0.0")).get("producer-api").path("ports");
            assertThat(exposedApi).extracting(PortMapping::of)
                    .containsExactlyInAnyOrder(new PortMapping("0.0.0.0", 8081, 8081), new PortMapping("127.0.0.1", PRODUCER_MANAGEMENT_PORT, PRODUCER_MANAGEMENT_PORT));
            JsonNode exposedManagement = services(Map.of("FANOUT_MANAGEMENT_BIND_ADDRESS", "0.0.0.0")).get("producer-api").path("ports");
            assertThat(exposedManagement).extracting(PortMapping::of)
                    .containsExactlyInAnyOrder(new PortMapping("127.0.0.1", 8081, 8081), new PortMapping("0.0.0.0", PRODUCER_MANAGEMENT_PORT, PRODUCER_MANAGEMENT_PORT));
        }

        @Test
        void theProducerGetsItsApiKeyFromTheEnvironment() throws Exception {
            assertThat(services(Map.of()).get("producer-api").path("environment").path("PRODUCER_API_KEY").asText()).isEqualTo(API_KEY);
        }
    }

    @Nested
    class Topology {

        @Test
        void everyComponentOfTheLocalStackIsAService() throws Exception {
            Set<String> expected = new TreeSet<>();
            for (Component component : ServiceLoader.load(Component.class)) {
                // The local stack's Flink is one MiniCluster JVM; compose runs a jobmanager and a taskmanager.
                if (component.name().equals(PipelineConsole.NAME)) {
                    // The console runs beside compose for now: ./fanout console --target with a file naming compose's ports.
                    continue;
                }
                if (component.name().equals(FlinkCluster.NAME)) {
                    expected.addAll(List.of("flink-jobmanager", "flink-taskmanager"));
                } else {
                    expected.add(component.name());
                }
            }
            assertThat(services(Map.of()).keySet()).containsAll(expected);
        }

        @Test
        void appsBuildFromTheirOwnNativeDockerfileByDefaultAndFromTheJvmOneOnRequest() throws Exception {
            Map<String, JsonNode> byDefault = services(Map.of());
            Map<String, JsonNode> jvm = services(Map.of("APP_IMAGE_FLAVOR", "jvm"));
            for (QuarkusApp app : apps()) {
                String module = app.buildModules().get(0);
                for (var flavour : Map.of("native", byDefault, "jvm", jvm).entrySet()) {
                    JsonNode build = flavour.getValue().get(app.name()).path("build");
                    String dockerfile = module + "/src/main/docker/Dockerfile." + flavour.getKey();
                    assertThat(Path.of(build.path("context").asText())).as(app.name()).isEqualTo(REPO);
                    assertThat(build.path("dockerfile").asText()).as(app.name()).isEqualTo(dockerfile);
                    assertThat(REPO.resolve(dockerfile)).isRegularFile();
                    String text = dockerfileText(dockerfile);
                    assertThat(text).as(dockerfile + " builds its module").contains(" -pl " + module + " -am");
                    assertThat(text.contains("-Pnative")).as(dockerfile + " native build").isEqualTo(flavour.getKey().equals("native"));
                }
            }
        }

        @Test
        void appsListenOnTheirLocalStackPortInsideAndOutsideTheContainer() throws Exception {
            Map<String, JsonNode> services = services(Map.of());
            for (QuarkusApp app : apps()) {
                int port = app.defaultPorts().get("port");
                String module = app.buildModules().get(0);
                for (String flavour : List.of("native", "jvm")) {
                    assertThat(dockerfileText(module + "/src/main/docker/Dockerfile." + flavour))
                            .as(app.name() + " " + flavour).contains("ENV QUARKUS_HTTP_PORT=" + port, "EXPOSE " + port);
                }
                PortMapping mapping = PortMapping.of(services.get(app.name()).path("ports").get(0));
                assertThat(mapping.target()).as(app.name()).isEqualTo(port);
                assertThat(mapping.published()).as(app.name()).isEqualTo(port);
            }
        }

        @Test
        void theProducersManagementInterfaceHasAPortOfItsOwnInTheImagesTheComposeFileAndTheLocalStack() throws Exception {
            QuarkusApp producer = apps().stream().filter(app -> app.name().equals("producer-api")).findFirst().orElseThrow();
            int api = producer.defaultPorts().get("port");
            int management = producer.defaultPorts().get(QuarkusApp.MANAGEMENT_PORT);
            assertThat(management).as("local stack").isEqualTo(PRODUCER_MANAGEMENT_PORT).isNotEqualTo(api);
            assertThat(Files.readString(REPO.resolve("producer-api/src/main/resources/application.properties")))
                    .contains("quarkus.management.enabled=true", "quarkus.management.port=" + management);
            for (String flavour : List.of("native", "jvm")) {
                assertThat(dockerfileText("producer-api/src/main/docker/Dockerfile." + flavour)).as(flavour)
                        .contains("ENV QUARKUS_MANAGEMENT_PORT=" + management, "EXPOSE " + api + " " + management);
            }
            assertThat(services(Map.of()).get("producer-api").path("ports")).extracting(PortMapping::of)
                    .containsExactlyInAnyOrder(new PortMapping("127.0.0.1", api, api), new PortMapping("127.0.0.1", management, management));
            for (QuarkusApp app : apps()) {
                assertThat(app.hasManagementInterface()).as(app.name() + ": only the producer has a public API").isEqualTo(app.name().equals(producer.name()));
            }
        }

        @Test
        void everyLongRunningServiceHasAHealthCheckAndOneShotsRunOnlyOnce() throws Exception {
            for (var service : services(Map.of()).entrySet()) {
                if (ONE_SHOTS.contains(service.getKey())) {
                    assertThat(service.getValue().path("restart").asText()).as(service.getKey()).isEqualTo("no");
                } else {
                    JsonNode test = service.getValue().path("healthcheck").path("test");
                    assertThat(test.isArray() && !test.isEmpty() && !test.get(0).asText().equals("NONE"))
                            .as(service.getKey() + " has a health check").isTrue();
                }
            }
        }

        @Test
        void dependantsWaitForHealthyServicesAndForOneShotsToSucceed() throws Exception {
            Map<String, JsonNode> services = services(Map.of());
            for (var service : services.entrySet()) {
                for (var dependency : service.getValue().path("depends_on").properties()) {
                    String expected = ONE_SHOTS.contains(dependency.getKey()) ? "service_completed_successfully" : "service_healthy";
                    assertThat(dependency.getValue().path("condition").asText())
                            .as(service.getKey() + " → " + dependency.getKey()).isEqualTo(expected);
                }
            }
            assertThat(services.get("routing-job").path("depends_on").properties())
                    .extracting(Map.Entry::getKey).contains("kafka-init", "flink-jobmanager", "flink-taskmanager", "schema-registry");
            assertThat(services.get("producer-api").path("depends_on").properties())
                    .as("the outbox connector exists before the first event").extracting(Map.Entry::getKey).contains("connect-init");
        }

        @Test
        void consumersSendReceiptsToADeclaredTopicAndReadKafkaAndTheRegistryFromTheEnvironment() throws Exception {
            assertThat(new ObjectMapper().readTree(REPO.resolve("infra/kafka/topics.json").toFile()).path("topics").findValuesAsText("name"))
                    .as("topics kafka-init creates").contains("cdc-fanout-receipts");
            Map<String, JsonNode> services = services(Map.of());
            for (QuarkusApp app : apps()) {
                if (app.buildModules().get(0).startsWith("consumers/")) {
                    JsonNode environment = services.get(app.name()).path("environment");
                    assertThat(environment.path("CDCFANOUT_CONSUMER_RECEIPTS_TOPIC").asText()).as(app.name()).isEqualTo("cdc-fanout-receipts");
                    assertThat(environment.path("KAFKA_BOOTSTRAP_SERVERS").asText()).as(app.name()).isEqualTo("kafka:9092");
                    assertThat(environment.path("SCHEMA_REGISTRY_URL").asText()).as(app.name())
                            .isEqualTo("http://schema-registry:8080/apis/ccompat/v7");
                    // the view's database, as the producer API's
                    assertThat(environment.path("CDC_DB_JDBC_URL").asText()).as(app.name())
                            .isEqualTo(services.get("producer-api").path("environment").path("CDC_DB_JDBC_URL").asText());
                    assertThat(services.get(app.name()).path("depends_on").has("postgres")).as(app.name() + " waits for postgres").isTrue();
                }
            }
        }
    }

    @Nested
    class SharedFiles {

        @Test
        void connectorTopicAndDatabaseFilesAreMountedFromTheRepository() throws Exception {
            Map<String, JsonNode> services = services(Map.of());
            assertThat(mounts(services.get("connect-init")))
                    .containsEntry(services.get("connect-init").path("environment").path("CONNECTORS_DIR").asText(), REPO.resolve("infra/connect"));
            assertThat(mounts(services.get("kafka-init")))
                    .containsEntry(services.get("kafka-init").path("environment").path("TOPICS_FILE").asText(), REPO.resolve("infra/kafka/topics.json"));
            assertThat(mounts(services.get("postgres"))).containsEntry(INIT_SCRIPT_MOUNT, REPO.resolve(Postgres.INIT_SCRIPT));
        }

        @Test
        void routingJobImagePacksTheCommittedRoutingSqlOfTheRepository() throws Exception {
            JsonNode build = services(Map.of()).get("routing-job").path("build");
            assertThat(Path.of(build.path("context").asText())).isEqualTo(REPO);
            assertThat(build.path("dockerfile").asText()).isEqualTo(ROUTING_JOB_DOCKERFILE);
            assertThat(dockerfileText(ROUTING_JOB_DOCKERFILE)).contains(" -pl flink-jobs/routing-job -am", "routing-job-*-job.jar");
            // The job jar packs flink-jobs/generated as its resources (see the routing job's pom).
            assertThat(Files.readString(REPO.resolve("flink-jobs/routing-job/pom.xml"))).contains("<directory>${project.basedir}/../generated</directory>");
        }

        @Test
        void everyPasswordComesFromTheEnvironment() throws Exception {
            for (String line : Files.readAllLines(COMPOSE_FILE)) {
                Matcher password = Pattern.compile("^\\s*[A-Z_]*PASSWORD[A-Z_]*:\\s*(\\S.*)$").matcher(line);
                if (password.matches()) {
                    assertThat(password.group(1)).as(line).startsWith("${").contains(":?");
                }
            }
            int passwords = 0;
            for (var service : services(Map.of()).entrySet()) {
                for (var variable : service.getValue().path("environment").properties()) {
                    if (variable.getKey().contains("PASSWORD")) {
                        assertThat(variable.getValue().asText()).as(service.getKey() + " " + variable.getKey()).isIn(PASSWORDS.values());
                        passwords++;
                    }
                }
            }
            assertThat(passwords).as("postgres, schema-registry, connect, producer-api").isGreaterThanOrEqualTo(4);
        }
    }

    /** Least privilege in the database: each service gets its own role (the roles' grants are PostgresRolesIT's to prove). */
    @Nested
    class DatabaseRoles {

        @Test
        void theSuperuserIsThePostgresContainersAloneAndNoOtherServiceGetsItsPassword() throws Exception {
            Map<String, JsonNode> services = services(Map.of());
            JsonNode postgres = services.get("postgres").path("environment");
            assertThat(postgres.path("POSTGRES_USER").asText()).isEqualTo(Postgres.ADMIN_USER).isNotIn(Postgres.USER, Postgres.REPLICATION_USER, Postgres.REGISTRY_USER);
            assertThat(postgres.path("POSTGRES_PASSWORD").asText()).isEqualTo(PASSWORDS.get("POSTGRES_ADMIN_PASSWORD"));
            for (var service : services.entrySet()) {
                if (!service.getKey().equals("postgres")) {
                    for (var variable : service.getValue().path("environment").properties()) {
                        assertThat(variable.getValue().asText()).as(service.getKey() + " " + variable.getKey())
                                .isNotEqualTo(PASSWORDS.get("POSTGRES_ADMIN_PASSWORD"));
                        if (variable.getKey().contains("USER")) {
                            assertThat(variable.getValue().asText()).as(service.getKey() + " " + variable.getKey()).isNotEqualTo(Postgres.ADMIN_USER);
                        }
                    }
                }
            }
        }

        @Test
        void eachServiceConnectsWithItsOwnRoleAndGetsNoOtherRolesPassword() throws Exception {
            Map<String, JsonNode> services = services(Map.of());
            Map<String, String> appRole = Map.of("CDC_DB_USER", Postgres.USER, "CDC_DB_PASSWORD", PASSWORDS.get("CDC_DB_PASSWORD"));
            List<String> apps = new ArrayList<>();
            for (QuarkusApp app : apps()) {
                apps.add(app.name());
                assertThat(environment(services.get(app.name()))).as(app.name()).containsAllEntriesOf(appRole);
            }
            assertThat(environment(services.get("connect"))).containsEntry("CDC_DB_REPLICATION_USER", Postgres.REPLICATION_USER)
                    .containsEntry("CDC_DB_REPLICATION_PASSWORD", PASSWORDS.get("CDC_DB_REPLICATION_PASSWORD"))
                    .doesNotContainKeys("CDC_DB_USER", "CDC_DB_PASSWORD");
            assertThat(environment(services.get("schema-registry"))).containsEntry("APICURIO_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + Postgres.REGISTRY_DATABASE)
                    .containsEntry("APICURIO_DATASOURCE_USERNAME", Postgres.REGISTRY_USER)
                    .containsEntry("APICURIO_DATASOURCE_PASSWORD", PASSWORDS.get("CDC_DB_REGISTRY_PASSWORD"));
            Map<String, List<String>> holders = Map.of(
                    PASSWORDS.get("CDC_DB_PASSWORD"), apps,
                    PASSWORDS.get("CDC_DB_REPLICATION_PASSWORD"), List.of("connect"),
                    PASSWORDS.get("CDC_DB_REGISTRY_PASSWORD"), List.of("schema-registry"));
            for (var service : services.entrySet()) {
                if (!service.getKey().equals("postgres")) {
                    for (String value : environment(service.getValue()).values()) {
                        if (holders.containsKey(value)) {
                            assertThat(holders.get(value)).as(service.getKey() + " holds a password of another role's").contains(service.getKey());
                        }
                    }
                }
            }
        }

        @Test
        void thePostgresContainerGetsEveryVariableOfTheInitScriptWithTheLocalStacksDefaults() throws Exception {
            Map<String, String> postgres = environment(services(Map.of()).get("postgres"));
            Set<String> read = new TreeSet<>();
            Matcher getenv = Pattern.compile("(?m)^\\\\getenv \\w+ (\\w+)$").matcher(Files.readString(REPO.resolve(Postgres.INIT_SCRIPT)));
            while (getenv.find()) {
                read.add(getenv.group(1));
            }
            assertThat(read).as("what ./fanout up passes the script").isEqualTo(Postgres.initScriptEnvironment().keySet());
            for (String variable : read) {
                String expected = variable.endsWith("PASSWORD") ? PASSWORDS.get(variable) : Postgres.initScriptEnvironment().get(variable);
                assertThat(postgres).as("the same role names by default as under ./fanout up").containsEntry(variable, expected);
            }
        }

        @Test
        void theConnectorReadsOnlyTheOutboxThroughThePublicationTheInitScriptCreatesAsTheReplicationRole() throws Exception {
            JsonNode config = new ObjectMapper().readTree(REPO.resolve("infra/connect/outbox-connector.json").toFile()).path("config");
            assertThat(config.path("database.user").asText()).isEqualTo("${env:CDC_DB_REPLICATION_USER}");
            assertThat(config.path("database.password").asText()).isEqualTo("${env:CDC_DB_REPLICATION_PASSWORD}");
            // disabled: the connector never creates nor alters a publication, which needs ownership of the table.
            assertThat(config.path("publication.autocreate.mode").asText()).isEqualTo("disabled");
            assertThat(config.path("publication.name").asText()).isEqualTo(Postgres.PUBLICATION);
            assertThat(config.path("table.include.list").asText()).isEqualTo("public.outboxevent");
            assertThat(Files.readString(REPO.resolve(Postgres.INIT_SCRIPT)))
                    .contains("CREATE PUBLICATION " + Postgres.PUBLICATION + "'", "ALTER PUBLICATION " + Postgres.PUBLICATION + " OWNER TO :\"app_user\"",
                            "WITH LOGIN REPLICATION NOSUPERUSER", "GRANT CONNECT ON DATABASE :\"db\" TO :\"replication_user\"",
                            "GRANT USAGE ON SCHEMA public TO :\"replication_user\"")
                    .doesNotContain("FOR ALL TABLES");
            assertThat(Files.readString(REPO.resolve("producer-api/src/main/resources/db/migration/V2__outbox_publication.sql")))
                    .contains("ALTER PUBLICATION " + Postgres.PUBLICATION + " ADD TABLE public.outboxevent",
                            "GRANT SELECT ON public.outboxevent TO cdc_fanout_outbox_reader");
            // Confluent Cloud (Terraform): the same publication of the same table; filtered creates it where nobody did.
            String terraform = Files.readString(REPO.resolve("infra/terraform/confluent-cloud/connector.tf"));
            assertThat(terraform).containsPattern("\"publication.name\"\\s*=\\s*var.replication_slot_name")
                    .containsPattern("\"publication.autocreate.mode\"\\s*=\\s*\"filtered\"")
                    .containsPattern("\"table.include.list\"\\s*=\\s*\"public.outboxevent\"");
            assertThat(Files.readString(REPO.resolve("infra/terraform/confluent-cloud/variables.tf")))
                    .containsPattern("variable \"replication_slot_name\" \\{[^}]*default\\s*=\\s*\"" + Postgres.PUBLICATION + "\"");
        }

        private static Map<String, String> environment(JsonNode service) {
            Map<String, String> environment = new HashMap<>();
            service.path("environment").properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
            return environment;
        }
    }

    @Nested
    class Dockerfiles {

        @Test
        void everyPathADockerfileOfTheComposeFileReadsExists() throws Exception {
            List<String> dockerfiles = new ArrayList<>();
            for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("APP_IMAGE_FLAVOR", "jvm"))) {
                for (JsonNode service : services(environment).values()) {
                    JsonNode build = service.path("build");
                    if (!build.isMissingNode()) {
                        assertThat(Path.of(build.path("context").asText())).isEqualTo(REPO);
                        dockerfiles.add(build.path("dockerfile").asText());
                    }
                }
            }
            assertThat(dockerfiles).contains("infra/docker/kafka-init/Dockerfile", "infra/docker/connect-init/Dockerfile", ROUTING_JOB_DOCKERFILE);
            for (String dockerfile : dockerfiles) {
                assertThat(REPO.resolve(dockerfile)).isRegularFile();
                for (String path : pathsRead(dockerfileText(dockerfile))) {
                    assertThat(REPO.resolve(path)).as(dockerfile + " reads " + path).exists();
                }
            }
        }

        @Test
        void buildContextLeavesOutBuildOutputStateAndTheEnvFile() throws Exception {
            assertThat(Files.readAllLines(REPO.resolve(".dockerignore"))).contains("**/target", ".fanout", ".env", ".git");
        }

        /**
         * Repository paths a Dockerfile reads: COPY sources from the context, the module of each
         * {@code -pl}, and the module of each build output copied from the build stage.
         */
        private static List<String> pathsRead(String dockerfile) {
            List<String> paths = new ArrayList<>();
            for (String instruction : dockerfile.replace("\\\n", " ").split("\n")) {
                List<String> words = List.of(instruction.trim().split("\\s+"));
                if (words.get(0).equals("COPY")) {
                    String from = words.stream().filter(w -> w.startsWith("--from=")).findFirst().orElse(null);
                    List<String> sources = words.subList(1, words.size() - 1).stream().filter(w -> !w.startsWith("--")).toList();
                    for (String source : sources) {
                        if (from == null) {
                            paths.add(source.contains("*") ? source.substring(0, source.lastIndexOf('/')) : source);
                        } else if (from.equals("--from=build") && source.startsWith("/code/")) {
                            paths.add(source.substring("/code/".length(), source.indexOf("/target/")));
                        }
                    }
                }
                Matcher module = Pattern.compile(" -pl (\\S+)").matcher(instruction);
                while (module.find()) {
                    paths.add(module.group(1) + "/pom.xml");
                }
            }
            return paths;
        }
    }

    @Nested
    class Scripts {

        @Test
        void quarkusReadyCheckPassesOnlyWhileTheAppAnswersReady() throws Exception {
            int[] status = {200};
            HttpServer app = server(Map.of("/q/health/ready", request -> new Reply(status[0], "{\"status\":\"UP\"}")));
            try {
                Map<String, String> environment = Map.of("QUARKUS_HTTP_PORT", Integer.toString(app.getAddress().getPort()));
                assertThat(bash(environment, "infra/docker/quarkus-ready.sh").exitCode()).isZero();
                status[0] = 503;
                assertThat(bash(environment, "infra/docker/quarkus-ready.sh").exitCode()).isNotZero();
            } finally {
                app.stop(0);
            }
            assertThat(bash(Map.of("QUARKUS_HTTP_PORT", Integer.toString(app.getAddress().getPort())), "infra/docker/quarkus-ready.sh").exitCode())
                    .as("nothing listens").isNotZero();
        }

        @Test
        void quarkusReadyCheckAsksTheManagementPortWhenTheImageHasOne() throws Exception {
            HttpServer api = server(Map.of("/", request -> new Reply(404, "")));
            HttpServer management = server(Map.of("/q/health/ready", request -> new Reply(200, "{\"status\":\"UP\"}")));
            try {
                String apiPort = Integer.toString(api.getAddress().getPort());
                assertThat(bash(Map.of("QUARKUS_HTTP_PORT", apiPort, "QUARKUS_MANAGEMENT_PORT", Integer.toString(management.getAddress().getPort())),
                        "infra/docker/quarkus-ready.sh").exitCode()).isZero();
                assertThat(bash(Map.of("QUARKUS_HTTP_PORT", apiPort), "infra/docker/quarkus-ready.sh").exitCode())
                        .as("the API port has no /q/health").isNotZero();
            } finally {
                api.stop(0);
                management.stop(0);
            }
        }

        @Test
        void topicInitCreatesEveryTopicOfTopicsJsonWithItsPartitionsConfigsAndTheRecordLimit(@TempDir Path kafkaHome) throws Exception {
            requireTool("jq");
            Path calls = standIn(kafkaHome, "kafka-topics.sh");
            Result result = sh(Map.of("KAFKA_HOME", kafkaHome.toString(), "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "TOPICS_FILE", REPO.resolve("infra/kafka/topics.json").toString()), "infra/docker/kafka-init/create-topics.sh");
            assertThat(result.exitCode()).as(result.output()).isZero();

            List<String> expected = new ArrayList<>();
            JsonNode topicsFile = new ObjectMapper().readTree(REPO.resolve("infra/kafka/topics.json").toFile());
            for (JsonNode topic : topicsFile.path("topics")) {
                StringBuilder call = new StringBuilder("--bootstrap-server kafka:9092 --create --if-not-exists --topic " + topic.path("name").asText()
                        + " --partitions " + topic.path("partitions").asInt() + " --replication-factor 1");
                topic.path("config").properties().forEach(c -> call.append(" --config ").append(c.getKey()).append('=').append(c.getValue().asText()));
                // Every topic's limit is the file's one record limit, as under ./fanout up.
                call.append(" --config max.message.bytes=").append(topicsFile.path("recordMaxBytes").asInt());
                expected.add(call.toString());
            }
            assertThat(expected).isNotEmpty();
            assertThat(Files.readAllLines(calls)).containsExactlyElementsOf(expected);
        }

        @Test
        void topicInitFailsOnAnInvalidTopicsFileWithoutCreatingAnything(@TempDir Path dir) throws Exception {
            requireTool("jq");
            Path calls = standIn(dir, "kafka-topics.sh");
            Path topics = Files.writeString(dir.resolve("topics.json"), "{\"topics\": [ {\"name\": \"a\", ");
            Result result = sh(Map.of("KAFKA_HOME", dir.toString(), "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "TOPICS_FILE", topics.toString()),
                    "infra/docker/kafka-init/create-topics.sh");
            assertThat(result.exitCode()).isNotZero();
            assertThat(calls).doesNotExist();

            Result missing = sh(Map.of("KAFKA_HOME", dir.toString(), "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "TOPICS_FILE", dir.resolve("absent.json").toString()),
                    "infra/docker/kafka-init/create-topics.sh");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.output()).contains("no topics file at " + dir.resolve("absent.json"));
        }

        @Test
        void connectorInitPutsTheConfigOfEveryConnectorFileUnderItsName() throws Exception {
            requireTool("jq");
            requireTool("curl");
            List<Request> requests = new CopyOnWriteArrayList<>();
            HttpServer connect = server(Map.of("/connectors", request -> {
                requests.add(request);
                return new Reply(201, "{}");
            }));
            try {
                Result result = applyConnectors(connect, REPO.resolve("infra/connect"));
                assertThat(result.exitCode()).as(result.output()).isZero();
            } finally {
                connect.stop(0);
            }
            ObjectMapper json = new ObjectMapper();
            List<String> expected = new ArrayList<>();
            try (var files = Files.list(REPO.resolve("infra/connect"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode connector = json.readTree(file.toFile());
                    expected.add("PUT /connectors/" + connector.path("name").asText() + "/config " + connector.path("config"));
                }
            }
            assertThat(expected).isNotEmpty();
            assertThat(requests).extracting(r -> r.method() + " " + r.path() + " " + json.readTree(r.body())).containsExactlyElementsOf(expected);
        }

        @Test
        void connectorInitFailsWithConnectsAnswerOrWhatIsWrongWithTheFile(@TempDir Path dir) throws Exception {
            requireTool("jq");
            requireTool("curl");
            HttpServer connect = server(Map.of("/connectors", request -> new Reply(400, "{\"message\":\"Connector configuration is invalid\"}")));
            try {
                Files.writeString(dir.resolve("a.json"), "{\"name\": \"a\", \"config\": {\"connector.class\": \"x\"}}");
                Result rejected = applyConnectors(connect, dir);
                assertThat(rejected.exitCode()).isNotZero();
                assertThat(rejected.output()).contains("connector a rejected (400)", "Connector configuration is invalid");

                Files.writeString(dir.resolve("a.json"), "{\"name\": \"a\", \"connector.class\": \"x\"}");
                Result noConfig = applyConnectors(connect, dir);
                assertThat(noConfig.exitCode()).isNotZero();
                assertThat(noConfig.output()).contains(dir.resolve("a.json") + ": no \"config\" object");

                Files.writeString(dir.resolve("a.json"), "{\"config\": {}}");
                Result noName = applyConnectors(connect, dir);
                assertThat(noName.exitCode()).isNotZero();
                assertThat(noName.output()).contains(dir.resolve("a.json") + ": no \"name\" string");

                Files.delete(dir.resolve("a.json"));
                Result none = applyConnectors(connect, dir);
                assertThat(none.exitCode()).isNotZero();
                assertThat(none.output()).contains("no connector files (*.json) in " + dir);
            } finally {
                connect.stop(0);
            }
        }

        private static Result applyConnectors(HttpServer connect, Path connectorsDir) throws Exception {
            return sh(Map.of("KAFKA_CONNECT_URL", "http://127.0.0.1:" + connect.getAddress().getPort(), "CONNECTORS_DIR", connectorsDir.toString()),
                    "infra/docker/connect-init/apply-connectors.sh");
        }

        @Test
        void routingJobSubmitterSubmitsTheJobJarOnlyWhenTheClusterDoesNotRunTheJob(@TempDir Path flinkHome) throws Exception {
            requireTool("curl");
            String[] overview = {"{\"jobs\":[{\"jid\":\"a1\",\"name\":\"cdc-fanout-routing\",\"start-time\":1,\"end-time\":2,\"duration\":1,"
                    + "\"state\":\"FINISHED\",\"last-modification\":2,\"tasks\":{\"running\":0}}]}"};
            HttpServer jobmanager = server(Map.of("/jobs/overview", request -> new Reply(200, overview[0])));
            try {
                Path calls = standIn(flinkHome, "flink");
                String address = "127.0.0.1:" + jobmanager.getAddress().getPort();
                Map<String, String> environment = Map.of("FLINK_HOME", flinkHome.toString(), "FLINK_JOBMANAGER", address,
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "SCHEMA_REGISTRY_URL", "http://schema-registry:8080/apis/ccompat/v7");

                Result submitted = bash(environment, "flink-jobs/routing-job/src/main/docker/submit-routing-job.sh");
                assertThat(submitted.exitCode()).as(submitted.output()).isZero();
                assertThat(Files.readAllLines(calls)).containsExactly("run --detached --jobmanager " + address + " /opt/flink/usrlib/routing-job.jar"
                        + " --bootstrap-servers kafka:9092 --schema-registry-url http://schema-registry:8080/apis/ccompat/v7");

                Files.delete(calls);
                overview[0] = overview[0].replace("FINISHED", "RUNNING");
                Result skipped = bash(environment, "flink-jobs/routing-job/src/main/docker/submit-routing-job.sh");
                assertThat(skipped.exitCode()).as(skipped.output()).isZero();
                assertThat(skipped.output()).contains("cdc-fanout-routing already runs");
                assertThat(calls).doesNotExist();
            } finally {
                jobmanager.stop(0);
            }
        }
    }

    // --- helpers ---

    /** The services of the compose file as docker-compose resolves them (anchors, merges, variables). */
    /** A published port as docker-compose config prints it: long syntax, or short "ip:published:target/proto" (compose 1.x). */
    private record PortMapping(String hostIp, int published, int target) {
        static PortMapping of(JsonNode port) {
            if (port.isTextual()) {
                Matcher m = Pattern.compile("(?:([^:]+):)?(\\d+):(\\d+)(?:/\\w+)?").matcher(port.asText());
                assertThat(m.matches()).as(port.asText()).isTrue();
                return new PortMapping(m.group(1) == null ? "" : m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            return new PortMapping(port.path("host_ip").asText(), port.path("published").asInt(), port.path("target").asInt());
        }
    }

    private static Map<String, JsonNode> services(Map<String, String> environment) throws Exception {
        Map<String, String> variables = new HashMap<>(environment);
        variables.putAll(PASSWORDS);
        variables.put("PRODUCER_API_KEY", API_KEY);
        Path noEnvFile = Files.createTempFile("docker-compose-it", ".env");
        Result result;
        try {
            // An empty env file instead of a developer's .env: the file's defaults are what is checked.
            result = compose(List.of("--env-file", noEnvFile.toString()), variables, "config");
        } finally {
            Files.delete(noEnvFile);
        }
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, JsonNode> services = new LinkedHashMap<>();
        new YAMLMapper().readTree(result.stdout()).path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    private static List<QuarkusApp> apps() {
        List<QuarkusApp> apps = new ArrayList<>();
        ServiceLoader.load(Component.class).forEach(c -> {
            if (c instanceof QuarkusApp app) {
                apps.add(app);
            }
        });
        assertThat(apps).as("the local stack's apps").isNotEmpty();
        return apps;
    }

    /** Container path → host path of a service's bind mounts. */
    private static Map<String, Path> mounts(JsonNode service) {
        Map<String, Path> mounts = new HashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            // docker-compose 1.x prints bind mounts as "host:container[:mode]".
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[0].startsWith("/")) {
                mounts.put(parts[1], Path.of(parts[0]));
            }
        }
        return mounts;
    }

    private static String dockerfileText(String dockerfile) {
        try {
            return Files.readString(REPO.resolve(dockerfile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result compose(List<String> options, Map<String, String> environment, String... command) throws Exception {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(DOCKER_COMPOSE).as("docker-compose (.ci/run installs Debian's package)").isExecutable();
        } else {
            assumeThat(Files.isExecutable(DOCKER_COMPOSE)).as("docker-compose installed (apt-get install docker-compose)").isTrue();
        }
        List<String> commandLine = new ArrayList<>(List.of(DOCKER_COMPOSE.toString()));
        commandLine.addAll(options);
        commandLine.addAll(List.of("--project-directory", REPO.toString(), "-f", COMPOSE_FILE.toString()));
        commandLine.addAll(List.of(command));
        return run(commandLine, environment);
    }

    private static Result bash(Map<String, String> environment, String script) throws Exception {
        return run(List.of("bash", REPO.resolve(script).toString()), environment);
    }

    private static Result sh(Map<String, String> environment, String script) throws Exception {
        return run(List.of("sh", REPO.resolve(script).toString()), environment);
    }

    /** Runs a command with the variables the compose file reads removed, so a developer's shell does not leak in. */
    private static Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CDC_DB_") || name.startsWith("FANOUT_")
                || name.startsWith("POSTGRES_") || name.startsWith("QUARKUS_") || name.equals("APP_IMAGE_FLAVOR") || name.equals("DEBEZIUM_VERSION") || name.equals("PRODUCER_API_KEY"));
        builder.environment().putAll(environment);
        Path stderr = Files.createTempFile("docker-compose-it", ".err");
        try {
            Process process = builder.redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            return new Result(process.exitValue(), stdout, Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** An executable named {@code bin/<name>} under {@code home} that appends its arguments to {@code home/calls}. */
    private static Path standIn(Path home, String name) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path calls = home.resolve("calls");
        Path script = Files.writeString(bin.resolve(name), "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return calls;
    }

    private static void requireTool(String tool) throws Exception {
        boolean found = run(List.of("sh", "-c", "command -v " + tool), Map.of()).exitCode() == 0;
        if ("true".equals(System.getenv("CI"))) {
            assertThat(found).as(tool + " (.ci/run installs it)").isTrue();
        } else {
            assumeThat(found).as(tool + " installed").isTrue();
        }
    }

    /** An HTTP server on a free loopback port answering the requests under each path prefix with its function. */
    private static HttpServer server(Map<String, Function<Request, Reply>> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        routes.forEach((path, reply) -> server.createContext(path, exchange -> {
            Reply r = reply.apply(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(r.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }));
        server.start();
        return server;
    }

    private record Request(String method, String path, String body) {}

    private record Reply(int status, String body) {}

    private record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }
}
