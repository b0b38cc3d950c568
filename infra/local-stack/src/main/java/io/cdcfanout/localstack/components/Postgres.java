package io.cdcfanout.localstack.components;

import io.cdcfanout.localstack.Component;
import io.cdcfanout.localstack.ProcessSpec;
import io.cdcfanout.localstack.StackContext;
import io.cdcfanout.localstack.StackException;
import io.cdcfanout.localstack.process.ProcessSupervisor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL from the machine's server binaries (Debian's {@code postgresql} package), with
 * logical decoding enabled for Debezium. Runs as the {@code postgres} user when started by root,
 * because PostgreSQL refuses to run as root. The roles are docker-compose's: on every start the
 * superuser runs {@value #INIT_SCRIPT} (the file docker-compose.yml mounts), which creates the
 * application role ({@value #USER}), Debezium's replication role ({@value #REPLICATION_USER}), the
 * schema registry's role ({@value #REGISTRY_USER}) and the connector's publication; components get
 * only their own role, never the superuser's.
 */
public final class Postgres implements Component {

    public static final String NAME = "postgres";
    /** The application database, captured by Debezium. */
    public static final String DATABASE = "cdcfanout";
    /** The schema registry's storage. */
    public static final String REGISTRY_DATABASE = "apicurio";
    /** The superuser: the stack's own tooling (init script, tests) only. Local-only credentials, as all below. */
    public static final String ADMIN_USER = "postgres";
    public static final String ADMIN_PASSWORD = "postgres-local-admin";
    /** The application role (producer API, consumers): owns schema public and the consumers' schemas. */
    public static final String USER = "fanout";
    public static final String PASSWORD = "fanout";
    /** Debezium's role: REPLICATION, SELECT on public.outboxevent only. */
    public static final String REPLICATION_USER = "cdc_replication";
    public static final String REPLICATION_PASSWORD = "cdc_replication";
    /** The schema registry's role, owner of {@value #REGISTRY_DATABASE}. */
    public static final String REGISTRY_USER = "apicurio";
    public static final String REGISTRY_PASSWORD = "apicurio";
    /** The connector's publication, created empty by the init script; the producer's migration adds the outbox. */
    public static final String PUBLICATION = "cdc_fanout_outbox";
    /** Roles, publication and registry database, from the repository root; the file docker-compose.yml mounts. */
    public static final String INIT_SCRIPT = "infra/docker/postgres-init.sql";

    private static final String BIN_VARIABLE = "FANOUT_PG_BIN";
    /** The method column of an active pg_hba.conf line that trusts without a password. */
    private static final Pattern TRUST = Pattern.compile("(?m)^(?!\\s*#)(.*\\s)trust(\\s*)$");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PostgreSQL, wal_level=logical";
    }

    @Override
    public Map<String, Integer> defaultPorts() {
        return Map.of("port", 5433);
    }

    @Override
    public void preflight(StackContext ctx) throws StackException {
        binDir(ctx);
    }

    @Override
    public ProcessSpec prepare(StackContext ctx) throws Exception {
        Path bin = binDir(ctx);
        Path home = home(ctx);
        Path data = home.resolve("data");
        Path sockets = socketDirectory(ctx);
        Files.createDirectories(sockets);
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(ctx, bin, home, data);
        }
        requirePasswords(data);
        ownByPostgres(home);
        // Only the server's own user may enter the socket directory: the home may sit in a world-traversable place.
        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwx------"));
        List<String> command = new ArrayList<>(asPostgresUser());
        command.addAll(List.of(bin.resolve("postgres").toString(),
                "-D", data.toString(),
                "-p", Integer.toString(ctx.port(NAME)),
                "-c", "listen_addresses=" + ctx.host(),
                "-c", "unix_socket_directories=" + sockets,
                "-c", "wal_level=logical",
                "-c", "max_replication_slots=20",
                "-c", "max_wal_senders=20",
                "-c", "max_connections=200",
                "-c", "log_min_messages=warning",
                "-c", "log_connections=off"));
        return ProcessSpec.of(command, home);
    }

    private void initdb(StackContext ctx, Path bin, Path home, Path data) throws IOException, InterruptedException, StackException {
        Path passwordFile = home.resolve("initdb.pw");
        Files.writeString(passwordFile, ADMIN_PASSWORD);
        ownByPostgres(home);
        List<String> command = new ArrayList<>(asPostgresUser());
        command.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", ADMIN_USER,
                "--pwfile=" + passwordFile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-instructions"));
        int exit = ProcessSupervisor.run(command, home, Map.of(), ctx.logFile(NAME), Duration.ofMinutes(2));
        Files.deleteIfExists(passwordFile);
        if (exit != 0) {
            throw new StackException("initdb failed with exit code " + exit + "; see ./fanout logs " + NAME);
        }
    }

    /**
     * Data directories made before every connection needed a password trusted local socket connections: any local
     * user could connect as the superuser. Such entries become scram-sha-256 (read at server start).
     */
    private static void requirePasswords(Path data) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        if (!Files.isReadable(hba)) {
            return;
        }
        String config = Files.readString(hba);
        String hardened = TRUST.matcher(config).replaceAll("$1scram-sha-256$2");
        if (!hardened.equals(config)) {
            Files.writeString(hba, hardened);
        }
    }

    @Override
    public boolean isReady(StackContext ctx) {
        try (Connection connection = connect(ctx, "postgres")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            // The server answers but refuses the superuser: afterReady says why.
            return e.getSQLState() != null && e.getSQLState().startsWith("28");
        }
    }

    @Override
    public void afterReady(StackContext ctx) throws Exception {
        try (Connection connection = connect(ctx, "postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                throw new StackException("PostgreSQL refuses its superuser " + ADMIN_USER + " (" + e.getMessage() + "): the data directory predates the"
                        + " stack's separate database roles (its superuser was " + USER + "); ./fanout down --purge, then ./fanout up");
            }
            throw e;
        }
        runInitScript(ctx, DATABASE);
    }

    /**
     * Runs {@value #INIT_SCRIPT} with psql as the superuser in {@code database}, with the roles' names and passwords in its
     * environment, as the postgres image does on first start.
     */
    public static void runInitScript(StackContext ctx, String database) throws StackException, IOException, InterruptedException {
        Path psql = binDir(ctx).resolve("psql");
        List<String> command = List.of(Files.isExecutable(psql) ? psql.toString() : "psql", "-X", "-w", "-q",
                "-h", ctx.host(), "-p", Integer.toString(ctx.port(NAME)), "-U", ADMIN_USER, "-d", database,
                "-f", ctx.repoRoot().resolve(INIT_SCRIPT).toString());
        Map<String, String> environment = new LinkedHashMap<>(initScriptEnvironment());
        environment.put("PGPASSWORD", ADMIN_PASSWORD);
        int exit = ProcessSupervisor.run(command, ctx.componentDir(NAME), environment, ctx.logFile(NAME), Duration.ofMinutes(1));
        if (exit != 0) {
            throw new StackException(INIT_SCRIPT + " failed with exit code " + exit + "; see ./fanout logs " + NAME);
        }
    }

    /** What {@value #INIT_SCRIPT} reads: every role's name and password. */
    public static Map<String, String> initScriptEnvironment() {
        return Map.of("CDC_DB_USER", USER, "CDC_DB_PASSWORD", PASSWORD,
                "CDC_DB_REPLICATION_USER", REPLICATION_USER, "CDC_DB_REPLICATION_PASSWORD", REPLICATION_PASSWORD,
                "CDC_DB_REGISTRY_USER", REGISTRY_USER, "CDC_DB_REGISTRY_PASSWORD", REGISTRY_PASSWORD);
    }

    @Override
    public void purge(StackContext ctx) {
        Path fallback = fallbackHome(ctx);
        if (Files.exists(fallback)) {
            try (Stream<Path> paths = Files.walk(fallback)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                ctx.options().out().printf("  %-22s could not delete %s: %s%n", NAME, fallback, e.getMessage());
            }
        }
    }

    @Override
    public String stopSignal() {
        return "INT";
    }

    @Override
    public Map<String, String> exports(StackContext ctx) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CDC_DB_HOST", ctx.host());
        env.put("CDC_DB_PORT", Integer.toString(ctx.port(NAME)));
        env.put("CDC_DB_NAME", DATABASE);
        env.put("CDC_DB_USER", USER);
        env.put("CDC_DB_PASSWORD", PASSWORD);
        // Debezium's, read by the connector files; the local stack hands every export to every component.
        env.put("CDC_DB_REPLICATION_USER", REPLICATION_USER);
        env.put("CDC_DB_REPLICATION_PASSWORD", REPLICATION_PASSWORD);
        env.put("CDC_DB_JDBC_URL", jdbcUrl(ctx, DATABASE));
        return env;
    }

    @Override
    public String address(StackContext ctx) {
        return "postgresql://" + USER + "@" + ctx.host() + ":" + ctx.port(NAME) + "/" + DATABASE;
    }

    public static String jdbcUrl(StackContext ctx, String database) {
        return "jdbc:postgresql://" + ctx.host() + ":" + ctx.port(NAME) + "/" + database;
    }

    /** A connection as the superuser, for the stack's own tooling and tests; components get their own role. */
    public static Connection connect(StackContext ctx, String database) throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(jdbcUrl(ctx, database), ADMIN_USER, ADMIN_PASSWORD);
    }

    /** A connection as the application role ({@value #USER}), as the producer API and the consumers connect. */
    public static Connection connectAsApp(StackContext ctx, String database) throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(jdbcUrl(ctx, database), USER, PASSWORD);
    }

    private static Path binDir(StackContext ctx) throws StackException {
        String configured = ctx.options().environment().get(BIN_VARIABLE);
        if (configured != null) {
            Path dir = Path.of(configured);
            if (!hasServerBinaries(dir)) {
                throw new StackException(BIN_VARIABLE + "=" + configured + " has no postgres and initdb programs; point it at the bin directory of a PostgreSQL server installation");
            }
            return dir;
        }
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(version -> version.resolve("bin"))
                    .sorted(Comparator.comparing((Path p) -> versionOf(p)).reversed())
                    .forEach(candidates::add);
        } catch (IOException e) {
            // no Debian layout; fall through to PATH
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir));
            }
        }
        return candidates.stream()
                .filter(Postgres::hasServerBinaries)
                .findFirst()
                .orElseThrow(() -> new StackException("PostgreSQL server binaries (postgres, initdb) not found in /usr/lib/postgresql/*/bin or on PATH; "
                        + "install them (apt-get install postgresql) or set " + BIN_VARIABLE + " to their directory"));
    }

    private static boolean hasServerBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"));
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgresUser() {
        return runningAsRoot()
                ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups")
                : List.of();
    }

    /**
     * The directory holding the data and socket directories. Under root it must be reachable by
     * the postgres user; when the state directory is not (e.g. under /root), a directory in
     * /var/tmp stands in for it.
     */
    private static Path home(StackContext ctx) throws IOException {
        Path own = ctx.componentDir(NAME);
        if (!runningAsRoot() || traversableByOthers(own.getParent())) {
            return own;
        }
        Path fallback = fallbackHome(ctx);
        Files.createDirectories(fallback);
        Files.writeString(own.resolve("LOCATION"), "data lives in " + fallback + System.lineSeparator());
        return fallback;
    }

    /** The directory of the server's Unix socket: only the server's user may enter it, and it asks for a password too. */
    public static Path socketDirectory(StackContext ctx) throws IOException {
        return home(ctx).resolve("run");
    }

    private static Path fallbackHome(StackContext ctx) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ctx.options().stateDir().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/var/tmp/cdc-fanout-postgres", HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static void ownByPostgres(Path home) throws IOException, InterruptedException, StackException {
        if (!runningAsRoot()) {
            return;
        }
        Process chown = new ProcessBuilder("chown", "-R", "postgres:postgres", home.toString()).redirectErrorStream(true).start();
        String output = new String(chown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (chown.waitFor() != 0) {
            throw new StackException("cannot hand " + home + " to the postgres user: " + output.trim());
        }
    }
}
