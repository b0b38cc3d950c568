package io.cdcfanout.loaddriver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A producer API that answers every event at once with {@code 200} and the event's id, as the real one does: the
 * "infinitely fast producer" {@link LoadDriverBenchmark} runs the driver against. Runs in a JVM of its own, so that the
 * driver's process CPU is the driver's alone. Listens on a free loopback port and prints it.
 */
final class InstantProducer {

    private static final byte[] EVENT_ID_FIELD = "\"uuid\":\"".getBytes(StandardCharsets.UTF_8);

    private InstantProducer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/events", exchange -> {
            byte[] event = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"eventId\":\"" + eventId(event) + "\",\"status\":\"accepted\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        System.out.println(server.getAddress().getPort());
    }

    /** The {@code eventHeader.uuid} of the driver's compact JSON, found without parsing: this stand-in must cost nothing. */
    private static String eventId(byte[] event) {
        int start = indexOf(event, EVENT_ID_FIELD) + EVENT_ID_FIELD.length;
        int end = start;
        while (end < event.length && event[end] != '"') {
            end++;
        }
        return new String(event, start, end - start, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no event id in the request");
    }
}
