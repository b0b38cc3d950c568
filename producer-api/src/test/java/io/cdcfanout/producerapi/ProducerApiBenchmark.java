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
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
@Tag("benchmark")
class ProducerApiBenchmark {

    private static final int[] CONCURRENCY = {1, 4, 16};
    private static final int BULK_SIZE = 50;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final long MEASURE_NANOS = Long.getLong("benchmark.seconds", 5) * 1_000_000_000L;

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

    /** Per-thread resources: an HTTP client and a JDBC connection. */
    static final class Worker implements AutoCloseable {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final Connection jdbc;

        Worker(Config config) throws SQLException {
            jdbc = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class) + "?stringtype=unspecified",
                    config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
            jdbc.setAutoCommit(false);
        }

        @Override
        public void close() throws SQLException {
            http.close();
            jdbc.close();
        }
    }

    record Cell(String mode, int concurrency, double eventsPerSecond, double p50Millis, double p99Millis) {
    }

    @Test
    void apiThroughputAndLatencyAgainstPlainJdbc() throws Exception {
        List<Cell> cells = new ArrayList<>();
        for (int concurrency : CONCURRENCY) {
            cells.add(measure("api single", concurrency, worker -> post(worker, "", Events.fresh(Events.CAR_CREATED).toString())));
            cells.add(measure("store single", concurrency, worker -> {
                store.store(validated());
                return 1;
            }));
            cells.add(measure("jdbc single", concurrency, worker -> storeOverJdbc(worker.jdbc, validated())));
            cells.add(measure("api bulk " + BULK_SIZE, concurrency, worker -> post(worker, "/bulk", bulkBody())));
            cells.add(measure("jdbc bulk " + BULK_SIZE, concurrency, worker -> {
                for (int i = 0; i < BULK_SIZE; i++) {
                    storeOverJdbc(worker.jdbc, validated());
                }
                return BULK_SIZE;
            }));
        }
        report(cells);
    }

    private int post(Worker worker, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = worker.http.send(HttpRequest.newBuilder(URI.create(events + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"status\":5")) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
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
    private Cell measure(String mode, int concurrency, Work work) throws Exception {
        Config config = ConfigProvider.getConfig();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            long start = System.nanoTime();
            long measureFrom = start + WARMUP_NANOS;
            long end = measureFrom + MEASURE_NANOS;
            for (int t = 0; t < concurrency; t++) {
                results.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    long stored = 0;
                    try (Worker worker = new Worker(config)) {
                        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                            int events = work.run(worker);
                            long done = System.nanoTime();
                            if (now >= measureFrom) {
                                latencies.add(done - now);
                                stored += events;
                            }
                        }
                    }
                    long[] out = new long[latencies.size() + 1];
                    out[0] = stored;
                    for (int i = 0; i < latencies.size(); i++) {
                        out[i + 1] = latencies.get(i);
                    }
                    return out;
                }));
            }
            long stored = 0;
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> result : results) {
                long[] values = result.get();
                stored += values[0];
                for (int i = 1; i < values.length; i++) {
                    latencies.add(values[i]);
                }
            }
            Collections.sort(latencies);
            Cell cell = new Cell(mode, concurrency, stored / (MEASURE_NANOS / 1e9), percentile(latencies, 0.50), percentile(latencies, 0.99));
            System.out.printf(Locale.ROOT, "  %-14s c=%-3d %9.0f events/s  p50 %7.2f ms  p99 %7.2f ms%n",
                    cell.mode(), cell.concurrency(), cell.eventsPerSecond(), cell.p50Millis(), cell.p99Millis());
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
        out.append(String.format(Locale.ROOT, "producer-api benchmark, %s, %d cores, %d s per cell after 1 s warm-up; CarCreated events; bulk = %d events per request%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), MEASURE_NANOS / 1_000_000_000L, BULK_SIZE));
        out.append("baseline (jdbc): the same transaction (event row, entity upsert, outbox insert + delete) over plain JDBC, one connection per thread\n");
        out.append("store: the API's EventStore called directly (Agroal), no HTTP; store and jdbc rows include building and validating each event (about 0.15 ms)\n\n");
        out.append(String.format(Locale.ROOT, "%-14s %5s %12s %10s %10s %14s%n", "mode", "conc", "events/s", "p50 ms", "p99 ms", "vs jdbc"));
        double bestApi = 0;
        double bestJdbc = 0;
        for (Cell cell : cells) {
            String ratio = "";
            if (!cell.mode().startsWith("jdbc")) {
                String baselineMode = cell.mode().replace("api", "jdbc").replace("store", "jdbc");
                Cell baseline = cells.stream().filter(other -> other.mode().equals(baselineMode) && other.concurrency() == cell.concurrency()).findFirst().orElseThrow();
                ratio = String.format(Locale.ROOT, "%.2f", cell.eventsPerSecond() / baseline.eventsPerSecond());
                if (cell.mode().startsWith("api")) {
                    bestApi = Math.max(bestApi, cell.eventsPerSecond());
                }
            } else {
                bestJdbc = Math.max(bestJdbc, cell.eventsPerSecond());
            }
            out.append(String.format(Locale.ROOT, "%-14s %5d %12.0f %10.2f %10.2f %14s%n",
                    cell.mode(), cell.concurrency(), cell.eventsPerSecond(), cell.p50Millis(), cell.p99Millis(), ratio));
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
