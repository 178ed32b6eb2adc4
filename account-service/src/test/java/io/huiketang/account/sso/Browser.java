package io.huiketang.account.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.restassured.RestAssured;

/**
 * A person's browser in the SSO tests: it keeps cookies and follows no redirect by itself, so each
 * hop between this service and Keycloak is visible. Each instance is a fresh browser (no Keycloak
 * session), so every login shows Keycloak's form.
 */
final class Browser {

    static final String KEYCLOAK = "http://127.0.0.1:" + System.getenv().getOrDefault("HUIKETANG_KEYCLOAK_PORT", "8180");
    static final String POLICY = "2023-05-16";
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    /** A URL of the service under test. */
    static URI service(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + pathAndQuery);
    }

    static URI authorize(String enterpriseId) {
        return service("/api/v1/sso/" + enterpriseId + "/authorize?policyVersion=" + POLICY);
    }

    /**
     * Starts the login at this service, fills in Keycloak's login form and returns where Keycloak
     * sends the browser back: this service's callback, with code and state.
     */
    URI loginAtKeycloak(String enterpriseId, String username, String password) {
        HttpResponse<String> authorize = get(authorize(enterpriseId));
        assertEquals(302, authorize.statusCode(), authorize.body());
        String keycloak = location(authorize);
        assertTrue(keycloak.startsWith(KEYCLOAK + "/realms/acme/protocol/openid-connect/auth?"), keycloak);

        HttpResponse<String> page = get(URI.create(keycloak));
        assertEquals(200, page.statusCode());
        Matcher form = LOGIN_FORM.matcher(page.body());
        assertTrue(form.find(), "Keycloak's login form");
        HttpResponse<String> submitted = post(URI.create(form.group(1).replace("&amp;", "&")),
                Map.of("username", username, "password", password));
        assertEquals(302, submitted.statusCode(), "Keycloak accepted the password");
        return URI.create(location(submitted));
    }

    HttpResponse<String> get(URI url) {
        return send(HttpRequest.newBuilder(url).GET().build());
    }

    HttpResponse<String> post(URI url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    /** A query parameter of a URL, decoded. */
    static String queryParam(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(url + " has no " + name);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Browsers treat http://127.0.0.1 as a secure context, so Keycloak's Secure cookies travel to
     * it; java.net's cookie manager would keep them back and Keycloak would lose the login.
     */
    private static final class LoopbackCookies extends CookieHandler {

        private final CookieManager cookies = new CookieManager();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            boolean loopback = "http".equals(uri.getScheme()) && "127.0.0.1".equals(uri.getHost());
            return cookies.get(loopback ? URI.create("https" + uri.toString().substring(4)) : uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            cookies.put(uri, headers);
        }
    }
}
