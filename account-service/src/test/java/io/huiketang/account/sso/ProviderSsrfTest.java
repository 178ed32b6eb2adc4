package io.huiketang.account.sso;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.huiketang.account.support.Enterprises;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An admin's issuer must not make this service call into its own network, nor read its network
 * through the answers: a provider's document that names a refused address is refused, redirects
 * are not followed (jose4j's own client followed them for the JWKS), and every failure reads the
 * same, without the provider's status or port. The local provider here is allowed by the test
 * switch, which trusts its origin only.
 */
@QuarkusTest
class ProviderSsrfTest {

    /** The one text an admin reads for any failure after this service has called the provider. */
    static final String UNUSABLE = "could not be used: its discovery document could not be fetched, or names "
            + "endpoints this service does not call (https, public addresses, no redirects)";

    @Inject
    OidcProvider oidc;

    private final AtomicInteger redirectTargetHits = new AtomicInteger();
    private HttpServer provider;
    private HttpServer redirectTarget;

    @AfterEach
    void stop() {
        for (HttpServer server : new HttpServer[] { provider, redirectTarget }) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    void aDiscoveryDocumentNamingARefusedAddressIsRefusedWithTheUniformProblem() throws IOException {
        String issuer = startProvider();
        int otherLocalPort = redirectTarget.getAddress().getPort();
        for (String[] endpoints : List.of(
                new String[] { "http://169.254.169.254/latest/meta-data/iam", issuer + "/jwks" },
                new String[] { issuer + "/token", "http://10.0.0.7/keys" },
                new String[] { "http://100.64.0.1/token", issuer + "/jwks" },
                new String[] { "http://[64:ff9b::a9fe:a9fe]/token", issuer + "/jwks" },
                new String[] { issuer + "/token", "http://127.0.0.1:" + otherLocalPort + "/jwks" })) {
            serveDiscovery(issuer, endpoints[0], endpoints[1]);
            configure(issuer).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("issuer"))
                    .body("errors[0].message", equalTo(UNUSABLE));
        }
        assertEquals(0, redirectTargetHits.get());
    }

    @Test
    void everyUpstreamFailureReadsTheSameWithoutStatusOrPort() throws IOException {
        String issuer = startProvider();
        AtomicInteger status = new AtomicInteger();
        provider.createContext("/.well-known/openid-configuration", exchange -> {
            exchange.getResponseHeaders().add("Location",
                    "http://127.0.0.1:" + redirectTarget.getAddress().getPort() + "/.well-known/openid-configuration");
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        for (int answered : new int[] { 500, 404, 302 }) {
            status.set(answered);
            configure(issuer).then().statusCode(400).body("errors[0].message", equalTo(UNUSABLE));
        }
        configure("http://127.0.0.1:1").then().statusCode(400).body("errors[0].message", equalTo(UNUSABLE));
        assertEquals(0, redirectTargetHits.get(), "the redirect was followed");
    }

    @Test
    void theJwksFetchFollowsNoRedirect() throws Exception {
        String issuer = startProvider();
        provider.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Location",
                    "http://127.0.0.1:" + redirectTarget.getAddress().getPort() + "/jwks");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        OidcProvider.Endpoints endpoints = new OidcProvider.Endpoints(issuer, URI.create(issuer + "/auth"),
                URI.create(issuer + "/token"), URI.create(issuer + "/jwks"), false);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> oidc.verifyIdToken(endpoints, "client", idToken(issuer), "nonce"));
        assertEquals(0, redirectTargetHits.get(), "the redirect was followed");
        assertEquals(502, refused.problem().status());
        assertEquals("https://huiketang.io/problems/sso-provider-unavailable", refused.problem().type().toString());
    }

    private String startProvider() throws IOException {
        redirectTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirectTarget.createContext("/", exchange -> {
            redirectTargetHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        redirectTarget.start();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.start();
        return "http://127.0.0.1:" + provider.getAddress().getPort();
    }

    private void serveDiscovery(String issuer, String tokenEndpoint, String jwksUri) {
        String document = "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                + "\"token_endpoint\":\"" + tokenEndpoint + "\",\"jwks_uri\":\"" + jwksUri + "\"}";
        try {
            provider.removeContext("/.well-known/openid-configuration");
        } catch (IllegalArgumentException e) {
            // not served yet
        }
        provider.createContext("/.well-known/openid-configuration", exchange -> {
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static io.restassured.response.Response configure(String issuer) {
        String admin = registerAdult(newPhone()).getString("tokens.accessToken");
        String id = Enterprises.create(admin, "探测有限公司").getString("id");
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("issuer", issuer, "clientId", "c", "clientSecret", "s", "verifiedDomains",
                        List.of("example.com")))
                .when().put("/api/v1/enterprises/" + id + "/sso");
    }

    private static String idToken(String issuer) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience("client");
        claims.setSubject("someone");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setClaim("nonce", "nonce");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue("k1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
