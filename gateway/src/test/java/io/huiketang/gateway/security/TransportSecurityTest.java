package io.huiketang.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** HTTPS with TLS 1.2/1.3, HSTS and the hardening headers, CORS for configured origins only. */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class TransportSecurityTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void httpsAnswersWithHstsAndHardeningHeaders() {
        given().relaxedHTTPSValidation().baseUri("https://localhost").port(https.getPort())
                .when().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .header("Strict-Transport-Security", startsWith("max-age=31536000"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void plainHttpPortSendsNoHsts() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200).header("Strict-Transport-Security", nullValue())
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void tlsBelow12IsRefused() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new TrustEverything() }, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", https.getPort())) {
            socket.setEnabledProtocols(new String[] { "TLSv1.3" });
            socket.startHandshake();
            assertTrue(socket.getSession().getProtocol().equals("TLSv1.3"));
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", https.getPort())) {
            socket.setEnabledProtocols(new String[] { "TLSv1.2" });
            socket.startHandshake();
            assertTrue(socket.getSession().getProtocol().equals("TLSv1.2"));
        }
        // The JDK itself may refuse TLS 1.1; either way no TLS 1.1 session can come about
        assertThrows(Exception.class, () -> {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", https.getPort())) {
                socket.setEnabledProtocols(new String[] { "TLSv1.1" });
                socket.startHandshake();
            }
        });
    }

    @Test
    void corsPreflightFromAConfiguredOriginIsAllowed() {
        given().header("Origin", "https://huiketang.io").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/api/v1/meetings")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://huiketang.io");
    }

    @Test
    void corsPreflightFromAnotherOriginIsRefused() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/meetings")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void corsExposesTheRequestIdAndRateLimitHeaders() {
        given().header("Origin", "https://huiketang.io").when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://huiketang.io"))
                .header("Access-Control-Expose-Headers", org.hamcrest.Matchers.containsString("X-Request-Id"));
    }

    @Test
    void problemsTheGatewayDecidesReachHttp2Clients() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new TrustEverything() }, new SecureRandom());
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(context).build();
        String base = "https://localhost:" + https.getPort();
        // Refused before the request's body is read: HTTP/2 has no "Connection: close" to send with it
        for (HttpRequest request : List.of(HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts/me")).build(),
                HttpRequest.newBuilder(URI.create(base + "/api/v1/meetings")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"x\"}")).build())) {
            HttpResponse<String> answer = http2.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, answer.version());
            assertEquals(401, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            // A connection-specific header makes strict HTTP/2 clients (curl, browsers) drop the stream
            assertEquals(List.of(), answer.headers().allValues("Connection"));
        }
        // HEAD is GET without a body: public where GET is, and a refusal has headers only
        HttpResponse<String> head = http2.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        HttpResponse<String> refused = http2.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts/me"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertEquals("", refused.body());
    }

    static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
