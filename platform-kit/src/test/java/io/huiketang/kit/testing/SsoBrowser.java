package io.huiketang.kit.testing;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
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

import javax.net.ssl.SSLContext;

/**
 * A person's browser in the SSO tests against the stack's Keycloak (realm acme): it keeps cookies
 * and follows no redirect by itself, so each hop between the platform and Keycloak is visible. Each
 * instance is a fresh browser (no Keycloak session), so every login shows Keycloak's form.
 */
public class SsoBrowser {

    public static final String KEYCLOAK = "http://127.0.0.1:"
            + System.getenv().getOrDefault("HUIKETANG_KEYCLOAK_PORT", "8180");
    public static final String POLICY = "2023-05-16";
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final String platform;
    private final HttpClient http;

    /**
     * @param platform the base URL where the platform's SSO endpoints are served
     * @param tls      what the browser trusts for HTTPS, or null for the JDK's default
     */
    public SsoBrowser(String platform, SSLContext tls) {
        this.platform = platform;
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** A URL of the platform. */
    public URI platform(String pathAndQuery) {
        return URI.create(platform + pathAndQuery);
    }

    public URI authorizeAt(String enterpriseId) {
        return platform("/api/v1/sso/" + enterpriseId + "/authorize?policyVersion=" + POLICY);
    }

    /**
     * Starts the login at the platform, fills in Keycloak's login form and returns where Keycloak
     * sends the browser back: the platform's callback, with code and state.
     */
    public URI loginAtKeycloak(String enterpriseId, String username, String password) {
        HttpResponse<String> authorize = get(authorizeAt(enterpriseId));
        expect(302, authorize, "the platform sends the browser to Keycloak");
        String keycloak = location(authorize);
        if (!keycloak.startsWith(KEYCLOAK + "/realms/acme/protocol/openid-connect/auth?")) {
            throw new AssertionError("not sent to Keycloak: " + keycloak);
        }
        HttpResponse<String> page = get(URI.create(keycloak));
        expect(200, page, "Keycloak's login page");
        Matcher form = LOGIN_FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("no login form on Keycloak's page: " + page.body());
        }
        HttpResponse<String> submitted = post(URI.create(form.group(1).replace("&amp;", "&")),
                Map.of("username", username, "password", password));
        expect(302, submitted, "Keycloak accepted the password");
        return URI.create(location(submitted));
    }

    public HttpResponse<String> get(URI url) {
        return send(HttpRequest.newBuilder(url).GET().build());
    }

    public HttpResponse<String> post(URI url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    /** A query parameter of a URL, decoded. */
    public static String queryParam(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(url + " has no " + name);
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + " but was " + response.statusCode() + ": "
                    + response.body());
        }
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
