package io.huiketang.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.kit.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests refused below the application (request line, header size and count) get a problem over
 * HTTP/1.1 and HTTP/2 alike, and no answer echoes what was too long.
 */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class RequestLimitsTest {

    private static final String LONG_ID = "7".repeat(5_000);

    @TestHTTPResource("/")
    URL http;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void overHttp1AnOverlongRequestLineIsA414Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(http, "GET /api/v1/meetings/" + LONG_ID + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(414, answer.status(), answer.head());
        assertTrue(answer.isProblem(), answer.head());
        assertFalse(answer.body().contains("7777777777"), answer.body());
    }

    @Test
    void overHttp1TooLargeOrTooManyHeadersAreA431Problem() throws Exception {
        RawHttp.Answer large = RawHttp.send(http, "GET /api/v1/meetings HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "b".repeat(30_000) + "\r\n\r\n");
        assertEquals(431, large.status(), large.head());
        assertTrue(large.isProblem(), large.head());
        StringBuilder many = new StringBuilder("GET /api/v1/meetings HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 300; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        RawHttp.Answer tooMany = RawHttp.send(http, many.append("\r\n").toString());
        assertEquals(431, tooMany.status(), tooMany.head());
        assertTrue(tooMany.isProblem(), tooMany.head());
    }

    @Test
    void overHttp2TheSameLimitsAreProblemsThatEchoNothing() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new TransportSecurityTest.TrustEverything() }, new SecureRandom());
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(context).build();
        String base = "https://localhost:" + https.getPort();

        HttpResponse<String> longPath = http2.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/meetings/" + LONG_ID))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, longPath.version());
        assertEquals(414, longPath.statusCode(), longPath.body());
        assertTrue(longPath.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertFalse(longPath.body().contains("7777777777"), longPath.body());

        HttpResponse<String> largeHeader = http2.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/meetings"))
                .header("X-Big", "b".repeat(30_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(431, largeHeader.statusCode(), largeHeader.body());
        assertTrue(largeHeader.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
}
