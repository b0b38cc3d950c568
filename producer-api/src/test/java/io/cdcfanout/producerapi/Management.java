package io.cdcfanout.producerapi;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/** Requests to the management interface of the app under test (its own port; paths such as {@code /q/health/ready}). */
public final class Management {

    private Management() {}

    public static RequestSpecification management() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort()).basePath("");
    }
}
