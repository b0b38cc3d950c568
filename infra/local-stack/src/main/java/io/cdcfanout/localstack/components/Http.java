package io.cdcfanout.localstack.components;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTP calls for readiness checks and REST administration. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /** A response: status and body. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public static Response get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Duration.ofSeconds(10));
    }

    /** A PUT with a JSON body; up to 30 s, as a busy Kafka Connect takes a while to create a connector. */
    public static Response put(String url, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), Duration.ofSeconds(30));
    }

    /** A POST without a body (Connect's restart); up to 30 s. */
    public static Response post(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), Duration.ofSeconds(30));
    }

    public static Response delete(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), Duration.ofSeconds(10));
    }

    /** Whether GET answers 2xx; false on any error. */
    public static boolean isOk(String url) {
        try {
            return get(url).ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Response send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
