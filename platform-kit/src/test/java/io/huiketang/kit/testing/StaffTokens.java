package io.huiketang.kit.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real staff access tokens for tests: the password grant against the staff realm of the stack's
 * Keycloak (dev/keycloak/staff-realm.json; direct access grants are enabled on its privacy-service
 * client for dev and tests only). One cached token per user, fetched again when it has less than a
 * minute left.
 *
 * <pre>given().auth().oauth2(StaffTokens.operator()).get("/api/v1/privacy/...")</pre>
 */
public final class StaffTokens {

    /** The staff realm's issuer: HUIKETANG_STAFF_ISSUER, else the stack's Keycloak. */
    public static final String ISSUER = env("HUIKETANG_STAFF_ISSUER",
            "http://127.0.0.1:" + env("HUIKETANG_KEYCLOAK_PORT", "8180") + "/realms/staff");
    private static final String CLIENT_ID = "privacy-service";
    private static final String CLIENT_SECRET = env("HUIKETANG_STAFF_CLIENT_SECRET", "privacy-service-dev-secret");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, Instant expiresAt) {
    }

    private StaffTokens() {
    }

    /** A staff member with the role {@code privacy_operator} (user {@code operator}). */
    public static String operator() {
        return forUser("operator", "operator-password");
    }

    /** A staff member with the role {@code auditor} (user {@code auditor}). */
    public static String auditor() {
        return forUser("auditor", "auditor-password");
    }

    /** A staff member with no staff role at all (user {@code newcomer}). */
    public static String none() {
        return forUser("newcomer", "newcomer-password");
    }

    /** The staff realm's subject (stable id) of a token, as privacy-service's {@code Staff.auditId()} records it without its prefix. */
    public static String subjectOf(String token) {
        try {
            String payload = token.split("\\.")[1];
            return JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("sub").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh or cached token of any user of the staff realm. */
    public static String forUser(String username, String password) {
        Cached cached = CACHE.get(username);
        if (cached != null && Instant.now().plusSeconds(60).isBefore(cached.expiresAt())) {
            return cached.token();
        }
        Cached fresh = passwordGrant(username, password);
        CACHE.put(username, fresh);
        return fresh.token();
    }

    private static Cached passwordGrant(String username, String password) {
        String form = "grant_type=password&client_id=" + CLIENT_ID + "&client_secret="
                + encode(CLIENT_SECRET) + "&username=" + encode(username) + "&password=" + encode(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(ISSUER + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("staff realm refused the password grant for " + username + " (HTTP "
                        + response.statusCode() + "); is the realm imported (dev/stack up keycloak)? " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new Cached(body.path("access_token").asText(),
                    Instant.now().plusSeconds(body.path("expires_in").asLong(60)));
        } catch (IOException e) {
            throw new IllegalStateException("staff realm not reachable at " + ISSUER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
