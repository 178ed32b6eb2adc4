package io.huiketang.systemtests.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.testing.SmsOutbox;

/**
 * A client app of the platform: it knows only the gateway's HTTPS address (and, like a phone, reads
 * the SMS that reach it from the local SMS outbox).
 */
public final class Client {

    public static final String POLICY = "2023-05-16";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Platform platform;
    private final HttpClient http;

    Client(Platform platform) {
        this.platform = platform;
        this.http = HttpClient.newBuilder().sslContext(platform.tls()).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static String newPhone() {
        return "+86139" + String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    public URI uri(String path) {
        return URI.create(platform.gatewayUrl() + path);
    }

    public Answer get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Answer post(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))).build());
    }

    public Answer patch(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json(body))).build());
    }

    public Answer put(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))).build());
    }

    public Answer delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    /** Any request, for the tests that send what a well-behaved client would not. */
    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(request.method(), request.uri().getRawPath(), response.statusCode(), response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP client itself, for answers that are not JSON (archives). */
    public HttpClient http() {
        return http;
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** Asks for a login code for this number and reads it from the SMS that arrives. */
    public String codeFor(String phone) {
        post("/api/v1/accounts/verification-codes", null, Map.of("phone", phone)).expect(202);
        return SmsOutbox.lastCodeSentTo(platform.smsOutbox(), phone);
    }

    /** Registers a new adult with a fresh number. */
    public Person registerAdult(String displayName) {
        return register(displayName, "ADULT");
    }

    /** Registers a new person of this age bracket (ADULT, TEEN 14-17, CHILD under 14) with a fresh number. */
    public Person register(String displayName, String ageBracket) {
        String phone = newPhone();
        JsonNode registered = post("/api/v1/accounts/registrations", null, Map.of("phone", phone, "code", codeFor(phone),
                "displayName", displayName, "policyVersion", POLICY, "ageBracket", ageBracket)).expect(201);
        return new Person(phone, registered.get("accountId").asText(), registered.get("tokens"));
    }

    private static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
