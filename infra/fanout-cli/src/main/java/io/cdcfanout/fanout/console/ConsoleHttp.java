package io.cdcfanout.fanout.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The console's responses: JSON bodies and one-line text errors. */
final class ConsoleHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleHttp() {
    }

    /**
     * Whether the request's method is one of {@code allowed}; if not, answers 405 with the {@code Allow} header HTTP
     * requires and the caller stops there.
     */
    static boolean methodAllowed(HttpExchange exchange, String... allowed) throws IOException {
        if (Arrays.asList(allowed).contains(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        exchange.sendResponseHeaders(405, -1);
        return false;
    }

    static void json(HttpExchange exchange, int status, Object value) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(value));
    }

    static void text(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
