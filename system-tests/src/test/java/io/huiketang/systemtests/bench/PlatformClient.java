package io.huiketang.systemtests.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.testing.SmsOutbox;

/** What the benchmarks do as a client app: JSON calls, and registering people with SMS codes. */
final class PlatformClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();
    private final String accounts;
    private final Path smsOutbox;

    /**
     * @param accounts  account-service's base URL
     * @param smsOutbox the local SMS outbox account-service writes
     */
    PlatformClient(String accounts, Path smsOutbox) {
        this.accounts = accounts;
        this.smsOutbox = smsOutbox;
    }

    String newPhone() {
        return "+86135" + String.format("%08d", random.nextInt(100_000_000));
    }

    /** Requests a login code from its own client address (as from many devices) and reads it from the outbox. */
    String requestCode(String phone) throws Exception {
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(accounts + "/api/v1/accounts/verification-codes"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254)))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("phone", phone)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() != 202) {
            throw new IllegalStateException("code request answered " + sent.statusCode() + ": " + sent.body());
        }
        return SmsOutbox.lastCodeSentTo(smsOutbox, phone);
    }

    /** The registration request for an adult with this number and code. */
    static Map<String, Object> registration(String phone, String code) {
        return Map.of("phone", phone, "code", code, "displayName", "压测用户", "policyVersion", "2023-05-16",
                "ageBracket", "ADULT");
    }

    /** Registers a new adult; returns their access token. */
    String registerAdult() throws Exception {
        String phone = newPhone();
        JsonNode registered = post(accounts + "/api/v1/accounts/registrations", null,
                registration(phone, requestCode(phone)), 201);
        return registered.get("tokens").get("accessToken").asText();
    }

    JsonNode post(String url, String token, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Time of one GET in nanoseconds; fails unless it answers 200. */
    long timeGet(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long t0 = System.nanoTime();
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        long elapsed = System.nanoTime() - t0;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return elapsed;
    }
}
