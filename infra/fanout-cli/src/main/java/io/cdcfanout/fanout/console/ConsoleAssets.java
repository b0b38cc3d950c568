package io.cdcfanout.fanout.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The console page's files, bundled in the jar under {@code console/}: served by name from a fixed list, so no
 * request path ever reaches the class path (no traversal, no listing) and each file has its own content type.
 */
final class ConsoleAssets implements HttpHandler {

    /** Request path → resource and content type; {@code /} is the page. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"console/index.html", "text/html; charset=utf-8"},
            "/dom.js", new String[] {"console/dom.js", "text/javascript; charset=utf-8"},
            "/graph.js", new String[] {"console/graph.js", "text/javascript; charset=utf-8"},
            "/rules.js", new String[] {"console/rules.js", "text/javascript; charset=utf-8"},
            "/console.js", new String[] {"console/console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console/console.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[] {"console/favicon.svg", "image/svg+xml"});

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] file = FILES.get(exchange.getRequestURI().getPath());
            if (file == null) {
                ConsoleHttp.text(exchange, 404, "not found: " + exchange.getRequestURI().getPath());
                return;
            }
            if (!ConsoleHttp.methodAllowed(exchange, "GET", "HEAD")) {
                return;
            }
            byte[] body;
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(file[0])) {
                if (in == null) {
                    ConsoleHttp.text(exchange, 500, "missing from the build: " + file[0]);
                    return;
                }
                body = in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", file[1]);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            // Everything is same-origin: no CDN, no inline script.
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
