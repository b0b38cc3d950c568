package io.cdcfanout.producerapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcfanout.localstack.testing.TestStack;
import io.cdcfanout.producerapi.event.EventValidator;
import io.cdcfanout.producerapi.event.ValidatedEvent;
import io.cdcfanout.producerapi.store.EventRows;
import io.cdcfanout.producerapi.store.EventStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Accepted events/s and p50/p99 latency of the API (single and bulk requests) at several
 * concurrency levels, against a baseline measured in the same run: the same transaction (event
 * row, entity upsert, outbox insert + delete) executed directly over JDBC. Run with
 * {@code ./mvnw -pl producer-api test -Pbenchmark}; prints a table and writes
 * {@code benchmarks/results/producer-api.txt}.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
@TestProfile(ProductionSampling.class)
@Tag("benchmark")
class ProducerApiBenchmark {

    /** {@code -Dbenchmark.concurrency=16} runs one level only, e.g. to profile it. */
    private static final int[] CONCURRENCY = Arrays.stream(System.getProperty("benchmark.concurrency", "1,4,16").split(","))
            .mapToInt(level -> Integer.parseInt(level.strip())).toArray();
    /** {@code -Dbenchmark.modes=api} runs only the rows whose mode starts with one of these (a ratio needs its jdbc row too). */
    private static final List<String> MODES = List.of(System.getProperty("benchmark.modes", "api,store,jdbc").split(","));
    private static final int BULK_SIZE = 50;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    /**
     * Per mode, once before the cells, at the highest concurrency: on a loaded 2-core machine the API's single POSTs needed
     * about 40 s to reach their steady rate (JIT), and a 1 s warm-up had measured a third of it (README, Benchmark).
     */
    private static final long JIT_WARMUP_NANOS = Long.getLong("benchmark.warmup.seconds", 20) * 1_000_000_000L;
    private static final long MEASURE_NANOS = Long.getLong("benchmark.seconds", 5) * 1_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @TestHTTPResource("/api/v1/events")
    URI events;

    /** The API's store without HTTP: splits the API's overhead into HTTP + parsing vs the transaction itself. */
    @Inject
    EventStore store;

    @Inject
    EventValidator validator;

    /** One unit of work (a request, or a JDBC transaction or batch of them) on the calling worker; returns the events it stored. */
    @FunctionalInterface
    interface Work {
        int run(Worker worker) throws Exception;
    }

    /** Per-thread resources: the cell's HTTP client and a JDBC connection. */
    static final class Worker implements AutoCloseable {
        final CloseableHttpClient http;
        final Connection jdbc;

        /**
         * A blocking client with one keep-alive connection per sender, as wrk has: request and response on the sender's own
         * thread. The JDK's HttpClient passed each request through its selector thread and back, two thread hand-offs per
         * request on the client that a latency-bound cell (concurrency 4) counted against the API.
         */
        Worker(Config config) throws SQLException {
            this.http = HttpClients.custom().setMaxConnTotal(1).setMaxConnPerRoute(1).disableAutomaticRetries().build();
            jdbc = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class) + "?stringtype=unspecified",
                    config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
            jdbc.setAutoCommit(false);
        }

        @Override
        public void close() throws SQLException, IOException {
            jdbc.close();
        }
    }

    /**
     * @param jvmCpuMsPerEvent CPU of this whole JVM (the app, the client or the baseline's code, GC, JIT) per stored event in the
     *     timed phase: on a shared machine a steadier comparison than events/s, which depend on the CPU others leave us
     * @param clientCpuMsPerRequest CPU of the HTTP client (its senders' threads) per request,
     *     warm-up included; NaN for rows without HTTP
     */
    record Cell(String mode, int concurrency, double eventsPerSecond, double p50Millis, double p99Millis, double jvmCpuMsPerEvent,
            double clientCpuMsPerRequest) {
    }

    @Test
    void apiThroughputAndLatencyAgainstPlainJdbc() throws Exception {
        Map<String, Work> modes = new LinkedHashMap<>();
        modes.put("api single", worker -> post(worker, "", Events.fresh(Events.CAR_CREATED).toString()));
        modes.put("store single", worker -> {
            store.store(validated());
            return 1;
        });
        modes.put("jdbc single", worker -> storeOverJdbc(worker.jdbc, validated()));
        modes.put("api bulk " + BULK_SIZE, worker -> post(worker, "/bulk", bulkBody()));
        modes.put("jdbc bulk " + BULK_SIZE, worker -> {
            for (int i = 0; i < BULK_SIZE; i++) {
                storeOverJdbc(worker.jdbc, validated());
            }
            return BULK_SIZE;
        });
        modes.keySet().removeIf(mode -> MODES.stream().noneMatch(selected -> mode.startsWith(selected.strip())));
        // Every path JIT-compiled before any cell is timed: otherwise the first cell pays for compiling the whole stack.
        for (Map.Entry<String, Work> mode : modes.entrySet()) {
            measure(mode.getKey(), Arrays.stream(CONCURRENCY).max().orElseThrow(), mode.getValue(), JIT_WARMUP_NANOS, 0);
        }
        List<Cell> cells = new ArrayList<>();
        for (int concurrency : CONCURRENCY) {
            for (Map.Entry<String, Work> mode : modes.entrySet()) {
                Cell cell = measure(mode.getKey(), concurrency, mode.getValue(), WARMUP_NANOS, MEASURE_NANOS);
                System.out.printf(Locale.ROOT, "  %-14s c=%-3d %9.0f events/s  p50 %7.2f ms  p99 %7.2f ms  JVM CPU %.3f ms per event%s%n",
                        cell.mode(), cell.concurrency(), cell.eventsPerSecond(), cell.p50Millis(), cell.p99Millis(), cell.jvmCpuMsPerEvent(),
                        Double.isNaN(cell.clientCpuMsPerRequest()) ? ""
                                : String.format(Locale.ROOT, "  client CPU %.3f ms per request", cell.clientCpuMsPerRequest()));
                cells.add(cell);
            }
        }
        report(cells);
    }

    private int post(Worker worker, String path, String body) throws IOException, InterruptedException {
        HttpPost post = new HttpPost(events + path);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = worker.http.execute(post)) {
            String answer = EntityUtils.toString(response.getEntity());
            if (response.getStatusLine().getStatusCode() != 200 || answer.contains("\"status\":5")) {
                throw new IllegalStateException("HTTP " + response.getStatusLine().getStatusCode() + ": " + answer);
            }
        }
        return path.isEmpty() ? 1 : BULK_SIZE;
    }

    private static String bulkBody() {
        List<ObjectNode> batch = new ArrayList<>(BULK_SIZE);
        for (int i = 0; i < BULK_SIZE; i++) {
            batch.add(Events.fresh(Events.CAR_CREATED));
        }
        return batch.toString();
    }

    private ValidatedEvent validated() {
        return ((EventValidator.Valid) validator.validate(Events.fresh(Events.CAR_CREATED))).event();
    }

    /** The API's transaction for one event, over plain JDBC: the same statements, one commit. */
    private static int storeOverJdbc(Connection connection, ValidatedEvent event) throws SQLException {
        try {
            EventRows.insertEvent(connection, event);
            EventRows.upsertEntities(connection, event);
            EventRows.writeOutbox(connection, event);
            connection.commit();
            return 1;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Runs {@code work} on {@code concurrency} threads: a warm-up, then a timed phase. */
    private Cell measure(String mode, int concurrency, Work work, long warmupNanos, long measureNanos) throws Exception {
        Config config = ConfigProvider.getConfig();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            long start = System.nanoTime();
            long measureFrom = start + warmupNanos;
            long end = measureFrom + measureNanos;
            for (int t = 0; t < concurrency; t++) {
                results.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    long stored = 0;
                    long units = 0;
                    long cpuNanos;
                    try (Worker worker = new Worker(config)) {
                        long cpuBefore = THREADS.getCurrentThreadCpuTime();
                        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                            int events = work.run(worker);
                            long done = System.nanoTime();
                            units++;
                            if (now >= measureFrom) {
                                latencies.add(done - now);
                                stored += events;
                            }
                        }
                        cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
                    }
                    // stored, units of work (warm-up included), this thread's CPU for them, then the latencies
                    long[] out = new long[latencies.size() + 3];
                    out[0] = stored;
                    out[1] = units;
                    out[2] = cpuNanos;
                    for (int i = 0; i < latencies.size(); i++) {
                        out[i + 3] = latencies.get(i);
                    }
                    return out;
                }));
            }
            Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
            long jvmCpuFrom = JVM.getProcessCpuTime();
            long stored = 0;
            long units = 0;
            long cpuNanos = 0;
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> result : results) {
                long[] values = result.get();
                stored += values[0];
                units += values[1];
                cpuNanos += values[2];
                for (int i = 3; i < values.length; i++) {
                    latencies.add(values[i]);
                }
            }
            long jvmCpuNanos = JVM.getProcessCpuTime() - jvmCpuFrom;
            Collections.sort(latencies);
            double clientCpuMsPerRequest = mode.startsWith("api") ? cpuNanos / 1e6 / units : Double.NaN;
            Cell cell = new Cell(mode, concurrency, stored / (measureNanos / 1e9), percentile(latencies, 0.50), percentile(latencies, 0.99),
                    jvmCpuNanos / 1e6 / stored, clientCpuMsPerRequest);
            return cell;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    private static void report(List<Cell> cells) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "producer-api benchmark, %s, %d cores, %d s per cell after 1 s warm-up (and %d s per mode before the first cell); CarCreated events; bulk = %d events per request%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), MEASURE_NANOS / 1_000_000_000L, JIT_WARMUP_NANOS / 1_000_000_000L, BULK_SIZE));
        out.append("baseline (jdbc): the same transaction (event row, entity upsert, outbox insert + delete) over plain JDBC, one connection per thread\n");
        out.append("store: the API's EventStore called directly (Agroal), no HTTP; store and jdbc rows include building and validating each event\n");
        out.append("JVM CPU: this JVM's CPU (app, client or baseline code, GC, JIT; not PostgreSQL's) per stored event, timed phase\n");
        out.append("client CPU: the HTTP client's CPU per request (its senders' threads: a blocking client, one connection each), warm-up included\n\n");
        out.append(String.format(Locale.ROOT, "%-14s %5s %12s %10s %10s %14s %16s %16s%n", "mode", "conc", "events/s", "p50 ms", "p99 ms", "vs jdbc",
                "JVM CPU ms/ev", "client CPU ms"));
        double bestApi = 0;
        double bestJdbc = 0;
        for (Cell cell : cells) {
            String ratio = "";
            if (!cell.mode().startsWith("jdbc")) {
                String baselineMode = cell.mode().replace("api", "jdbc").replace("store", "jdbc");
                ratio = cells.stream().filter(other -> other.mode().equals(baselineMode) && other.concurrency() == cell.concurrency()).findFirst()
                        .map(baseline -> String.format(Locale.ROOT, "%.2f", cell.eventsPerSecond() / baseline.eventsPerSecond())).orElse("");
                if (cell.mode().startsWith("api")) {
                    bestApi = Math.max(bestApi, cell.eventsPerSecond());
                }
            } else {
                bestJdbc = Math.max(bestJdbc, cell.eventsPerSecond());
            }
            out.append(String.format(Locale.ROOT, "%-14s %5d %12.0f %10.2f %10.2f %14s %16.3f %16s%n",
                    cell.mode(), cell.concurrency(), cell.eventsPerSecond(), cell.p50Millis(), cell.p99Millis(), ratio, cell.jvmCpuMsPerEvent(),
                    Double.isNaN(cell.clientCpuMsPerRequest()) ? "" : String.format(Locale.ROOT, "%.3f", cell.clientCpuMsPerRequest())));
        }
        out.append(String.format(Locale.ROOT, "%nbest API throughput / best JDBC throughput: %.0f / %.0f = %.2f (goal >= 0.7)%n", bestApi, bestJdbc, bestApi / bestJdbc));
        System.out.println();
        System.out.print(out);
        Path file = TestStack.repoRoot().resolve("benchmarks/results/producer-api.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.out.println("written to " + file);
    }
}
