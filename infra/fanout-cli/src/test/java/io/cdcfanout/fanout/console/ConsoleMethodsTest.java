package io.cdcfanout.fanout.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleMethodsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUT    | /api/pipeline      | GET",
        "DELETE | /api/rules         | GET",
        "GET    | /api/route-preview | POST",
        "POST   | /                  | GET, HEAD"})
    void aMethodAPathDoesNotServeIs405NamingTheMethodsItServes(String method, String path, String allowed) throws Exception {
        try (ConsoleServer server = ConsoleServer.start("127.0.0.1", 0, () -> {
            throw new AssertionError("a refused request must not inspect the pipeline");
        });
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains(allowed);
        }
    }
}
