package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.FakeUpstream;
import io.huiketang.systemtests.platform.FakeUpstream.Reply;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API7:2023 (server-side request forgery) through the SSO issuer an enterprise admin sets:
 * a provider's discovery document that names the cloud metadata service, a private or carrier-grade
 * NAT address, NAT64, or another service of the platform's own network is refused; a redirect to
 * such a service is not followed; and the refusal reads the same whatever the other side did, so
 * it tells nothing about ports or services. The platform under test allows local providers (the
 * stack's Keycloak is one), and that switch trusts the provider's own origin only.
 */
class SsoIssuerSsrfTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();
    private final FakeUpstream provider = FakeUpstream.start(new Reply(404, null, new byte[0], null));
    /** A service inside the platform's network that no admin may make the platform call. */
    private final FakeUpstream internal = FakeUpstream.start(Reply.json("{\"secret\":\"internal\"}"));

    @AfterEach
    void stop() {
        provider.close();
        internal.close();
    }

    @Test
    void aProviderCannotPointThePlatformAtItsOwnNetwork() throws Exception {
        String issuer = provider.url();
        List<String[]> refused = List.of(
                new String[] { "http://169.254.169.254/latest/meta-data/iam/security-credentials/", issuer + "/jwks" },
                new String[] { issuer + "/token", "http://10.0.0.7/keys" },
                new String[] { "http://100.64.0.1/token", issuer + "/jwks" },
                new String[] { "http://[64:ff9b::a9fe:a9fe]/token", issuer + "/jwks" },
                new String[] { internal.url() + "/token", issuer + "/jwks" },
                new String[] { issuer + "/token", internal.url() + "/jwks" });
        String first = null;
        for (String[] endpoints : refused) {
            provider.answer("/.well-known/openid-configuration", Reply.json("{\"issuer\":\"" + issuer
                    + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + endpoints[0]
                    + "\",\"jwks_uri\":\"" + endpoints[1] + "\"}"));
            String message = refusal(configure(issuer));
            first = first == null ? message : first;
            assertEquals(first, message, "one refusal for every case");
        }
        assertEquals(0, internal.calls(), "the platform called into its own network");
    }

    @Test
    void redirectsAreNotFollowedAndFailuresAllReadTheSame() throws Exception {
        String issuer = provider.url();
        provider.answer("/.well-known/openid-configuration",
                Reply.redirect(internal.url() + "/.well-known/openid-configuration"));
        String redirected = refusal(configure(issuer));
        assertEquals(0, internal.calls(), "the redirect was followed");

        provider.answer("/.well-known/openid-configuration", new Reply(500, "text/plain", "boom".getBytes(), null));
        String failed = refusal(configure(issuer));
        String unreachable = refusal(configure("http://127.0.0.1:" + closedPort()));
        assertEquals(redirected, failed);
        assertEquals(redirected, unreachable);
        for (String message : List.of(redirected, failed, unreachable)) {
            assertFalse(message.matches(".*\\b(500|302|" + provider.port() + "|" + internal.port() + ")\\b.*"),
                    "the answer names a status or port: " + message);
        }
    }

    /** The issuer field's message of a 400 problem. */
    private static String refusal(Answer answer) {
        JsonNode problem = answer.expectProblem(400);
        assertEquals("issuer", problem.path("errors").path(0).path("field").asText(), problem.toString());
        return problem.path("errors").path(0).path("message").asText();
    }

    private Answer configure(String issuer) {
        Person admin = app.registerAdult("管理员");
        String enterpriseId = app.post("/api/v1/enterprises", admin.token(), Map.of("name", "探测科技有限公司",
                "creditCode", CreditCodes.newCreditCode(),
                "contact", Map.of("name", "王经理", "phone", Client.newPhone(), "email", "it@example.com")))
                .expect(201).get("id").asText();
        admin.refresh(app);
        return app.put("/api/v1/enterprises/" + enterpriseId + "/sso", admin.token(), Map.of("issuer", issuer,
                "clientId", "huiketang", "clientSecret", "secret", "verifiedDomains", List.of("example.com")));
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
