package io.cdcfanout.fanout.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdcfanout.fanout.pipeline.PipelineReport;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The console's HTTP server on loopback: {@code /} (the live pipeline page, {@link ConsoleAssets}), {@code /metrics} (the
 * pipeline's Prometheus metrics, {@link PipelineMetricNames}), {@code /api/pipeline} (the latest {@link PipelineReport}
 * as JSON), {@code /api/rules} and {@code /api/route-preview} (the routing rules and where an event goes,
 * {@link ConsoleRules}). Scrapes and page refreshes share one inspection of the pipeline per
 * {@link #MIN_INSPECTION_INTERVAL}: an inspection asks Kafka, Connect, PostgreSQL and Flink.
 */
public final class ConsoleServer implements AutoCloseable {

    static final Duration MIN_INSPECTION_INTERVAL = Duration.ofSeconds(1);

    private final HttpServer server;
    private final Supplier<PipelineReport> inspect;
    private PipelineReport latest;
    private long latestAtNanos;

    private ConsoleServer(HttpServer server, Supplier<PipelineReport> inspect) {
        this.server = server;
        this.inspect = inspect;
    }

    /** Serves on {@code host:port} (port 0: any free one) until {@link #close()}, without routing rules. */
    public static ConsoleServer start(String host, int port, Supplier<PipelineReport> inspect) throws IOException {
        return start(host, port, inspect, null);
    }

    /**
     * Serves on {@code host:port} (port 0: any free one) until {@link #close()}.
     *
     * @param rulesFile the routing rules the stack runs, for the page's rules and route preview (null: none)
     */
    public static ConsoleServer start(String host, int port, Supplier<PipelineReport> inspect, Path rulesFile) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
        ConsoleServer console = new ConsoleServer(http, inspect);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new PipelineMetrics(console::report));
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/api/pipeline", console::pipeline);
        ConsoleRules rules = new ConsoleRules(rulesFile);
        http.createContext("/api/rules", rules::rules);
        http.createContext("/api/route-preview", rules::preview);
        http.createContext("/", new ConsoleAssets());
        http.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "console-http");
            thread.setDaemon(true);
            return thread;
        }));
        http.start();
        return console;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The latest report, inspecting again when it is older than {@link #MIN_INSPECTION_INTERVAL}. */
    synchronized PipelineReport report() {
        if (latest == null || System.nanoTime() - latestAtNanos > MIN_INSPECTION_INTERVAL.toNanos()) {
            latest = inspect.get();
            latestAtNanos = System.nanoTime();
        }
        return latest;
    }

    private void pipeline(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (ConsoleHttp.methodAllowed(exchange, "GET")) {
                ConsoleHttp.json(exchange, 200, report());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
