package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API8:2023, security misconfiguration, through the gateway as a client meets it: hardening
 * headers on every kind of answer, TLS 1.2/1.3 only, no stack trace or server banner, and nothing
 * of the management interfaces (health, metrics, API descriptions of the services) on the public port.
 */
class MisconfigurationTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void everyKindOfAnswerCarriesTheHardeningHeaders() {
        String token = app.registerAdult("配置检查").token();
        List<Answer> answers = List.of(app.get("/.well-known/openid-configuration", null), // public, proxied
                app.get("/api/v1/accounts/me", token), // authenticated, proxied
                app.get("/api/v1/accounts/me", null), // refused by the gateway (401)
                app.get("/api/v1/nothing-here", null), // no route (404)
                app.get("/api/v1/privacy/requests", token), // service down (503)
                app.get("/api/openapi", null)); // the gateway's own
        for (Answer answer : answers) {
            String where = answer.method() + " " + answer.path() + " (" + answer.status() + ")";
            assertTrue(String.valueOf(answer.header("Strict-Transport-Security")).startsWith("max-age="), where);
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), where);
            assertEquals("DENY", answer.header("X-Frame-Options"), where);
            assertEquals("no-referrer", answer.header("Referrer-Policy"), where);
            assertTrue(String.valueOf(answer.header("Content-Security-Policy")).contains("frame-ancestors"), where);
            assertNull(answer.header("Server"), where);
            assertNull(answer.header("X-Powered-By"), where);
            assertEquals(1, answer.headers().allValues("X-Request-Id").size(), where);
        }
    }

    @Test
    void onlyTls12And13AreSpoken() throws Exception {
        URI gateway = URI.create(platform.gatewayUrl());
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (SSLSocket socket = (SSLSocket) platform.tls().getSocketFactory().createSocket(gateway.getHost(),
                    gateway.getPort())) {
                socket.setEnabledProtocols(new String[] { protocol });
                socket.startHandshake();
                assertEquals(protocol, socket.getSession().getProtocol());
            }
        }
        for (String protocol : List.of("TLSv1.1", "TLSv1")) {
            // Refused by the gateway, or not even offered by this JDK: either way no such session comes about
            assertThrows(Exception.class, () -> {
                try (SSLSocket socket = (SSLSocket) platform.tls().getSocketFactory().createSocket(gateway.getHost(),
                        gateway.getPort())) {
                    socket.setEnabledProtocols(new String[] { protocol });
                    socket.startHandshake();
                }
            }, protocol);
        }
    }

    @Test
    void noManagementEndpointIsPublic() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi",
                "/q/dev-ui", "/q/swagger-ui", "/Q/metrics", "/q//metrics", "/api/v1/accounts/../../q/metrics")) {
            Answer answer = app.get(path, null);
            answer.expectProblem(404);
            assertFalse(answer.body().contains("jvm_") || answer.body().toLowerCase().contains("kafka"), path);
        }
    }

    @Test
    void failuresShowNoStackTraceAndNoInternalAddress() {
        String token = app.registerAdult("错误检查").token();
        List<Answer> answers = List.of(
                app.post("/api/v1/meetings", token, "{\"topic\": "), // malformed JSON
                app.post("/api/v1/meetings", token, "[1,2,3]"), // the wrong shape
                app.get("/api/v1/meetings/not-a-uuid", token),
                app.get("/api/v1/accounts/me;jsessionid=1", token), // a matrix parameter, refused
                app.get("/api/v1/" + "x".repeat(5_000), token)); // an over-long target
        for (Answer answer : answers) {
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer.path() + " " + answer.status());
            answer.expectProblem(answer.status());
            assertFalse(answer.body().contains("127.0.0.1"), answer.body());
            assertTrue(answer.body().length() < 2_000, "nothing echoed at length: " + answer.body().length());
        }
        Answer created = app.post("/api/v1/meetings", token, java.util.Map.of("topic", "地址", "kind", "INSTANT"));
        created.expect(201);
        assertTrue(created.header("Location").startsWith(platform.gatewayUrl() + "/"), created.header("Location"));
    }
}
