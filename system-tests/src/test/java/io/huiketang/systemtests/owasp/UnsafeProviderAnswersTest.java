package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.kit.testing.SsoBrowser;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.FakeUpstream;
import io.huiketang.systemtests.platform.FakeUpstream.Reply;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API10:2023 (unsafe consumption of APIs): a malicious or broken WeChat or enterprise
 * identity provider answers with oversized, malformed or unexpected documents. The platform refuses
 * each cleanly with a problem (400 for what the admin configured, 502/503 for a provider that failed
 * during a login), never a 500, never a login on the strength of a nonsense answer.
 */
class UnsafeProviderAnswersTest {

    private static final String HUGE = "{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    private final Platform platform = Platform.get();
    private final Client app = platform.client();
    private final FakeUpstream provider = FakeUpstream.start(new Reply(404, null, new byte[0], null));

    @AfterEach
    void reset() {
        provider.close();
        platform.weChat().reset(Platform.WECHAT_DOWN);
    }

    @Test
    void nonsenseFromWeChatIsRefusedCleanly() {
        List<Reply> answers = List.of(Reply.json(HUGE), Reply.json("{\"access_token\":"), Reply.json("[1,2,3]"),
                Reply.json("{\"access_token\":\"t\",\"expires_in\":7200,\"openid\":\"\"}"),
                Reply.json("{\"access_token\":\"t\",\"expires_in\":7200}"),
                Reply.json("{\"access_token\":\"t\",\"expires_in\":7200,\"openid\":\"" + "o".repeat(5000) + "\"}"),
                Reply.json("{\"access_token\":\"t\",\"openid\":{\"nested\":[1]}}"),
                Reply.json("{\"errcode\":\"not a number\",\"errmsg\":\"x\"}"),
                new Reply(200, "text/html", "<html>captive portal</html>".getBytes(StandardCharsets.UTF_8), null));
        for (Reply answer : answers) {
            platform.weChat().otherwise(answer);
            Answer login = app.post("/api/v1/accounts/wechat/logins", null, Map.of("code", "code-from-wechat"));
            String shown = new String(answer.body(), 0, Math.min(80, answer.body().length), StandardCharsets.UTF_8);
            assertTrue(login.status() == 502 || login.status() == 503, "WeChat answered " + shown + ": " + login);
            login.expectProblem(login.status());
        }
    }

    @Test
    void nonsenseDiscoveryDocumentsAreRefusedWhenTheAdminConfiguresTheProvider() {
        String issuer = provider.url();
        for (Reply answer : List.of(Reply.json(HUGE), Reply.json("{\"issuer\":"), Reply.json("[]"),
                Reply.json("{\"issuer\":{\"a\":1},\"authorization_endpoint\":7,\"token_endpoint\":[],\"jwks_uri\":null}"),
                Reply.json("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"javascript:alert(1)\","
                        + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}"),
                Reply.json("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                        + "\"token_endpoint\":\"file:///etc/passwd\",\"jwks_uri\":\"" + issuer + "/jwks\"}"))) {
            provider.answer("/.well-known/openid-configuration", answer);
            JsonAnswer.of(configure(issuer).answer()).expectIssuerRefused();
        }
    }

    @Test
    void nonsenseFromTheTokenEndpointOrTheKeysFailsTheLoginCleanly() throws Exception {
        String issuer = provider.url();
        provider.answer("/.well-known/openid-configuration", Reply.json("{\"issuer\":\"" + issuer
                + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer
                + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}"));
        Configured acme = configure(issuer);
        acme.answer().expect(201);
        String fakeIdToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ4In0.c2ln";
        for (Reply[] answers : List.of(
                new Reply[] { Reply.json(HUGE), null },
                new Reply[] { Reply.json("{\"id_token\":"), null },
                new Reply[] { Reply.json("{\"access_token\":\"only\"}"), null },
                new Reply[] { Reply.json("{\"id_token\":12345}"), null },
                new Reply[] { Reply.json("{\"id_token\":\"not.a.jwt\"}"), null },
                new Reply[] { Reply.json("{\"id_token\":\"" + fakeIdToken + "\"}"), Reply.json(HUGE) },
                new Reply[] { Reply.json("{\"id_token\":\"" + fakeIdToken + "\"}"), Reply.json("{\"keys\":\"none\"}") },
                new Reply[] { new Reply(500, "text/plain", "stack trace of the provider".getBytes(), null), null })) {
            provider.answer("/token", answers[0]);
            if (answers[1] != null) {
                provider.answer("/jwks", answers[1]);
            }
            SsoBrowser browser = new SsoBrowser(platform.gatewayUrl(), platform.tls());
            HttpResponse<String> authorize = browser.get(browser.authorizeAt(acme.enterpriseId()));
            assertEquals(302, authorize.statusCode(), authorize.body());
            String state = SsoBrowser.queryParam(SsoBrowser.location(authorize), "state");
            HttpResponse<String> callback = browser.get(URI.create(platform.gatewayUrl()
                    + "/api/v1/sso/callback?state=" + state + "&code=provider-code"));
            int status = callback.statusCode();
            assertTrue(status == 400 || status == 502, "the provider answered " + answers[0] + ": " + status + " "
                    + callback.body());
            assertEquals("application/problem+json", callback.headers().firstValue("Content-Type").orElse(""));
            assertTrue(new ObjectMapper().readTree(callback.body()).path("type").asText().startsWith(
                    "https://huiketang.io/problems/sso-"), callback.body());
        }
    }

    private record Configured(String enterpriseId, Answer answer) {
    }

    private record JsonAnswer(Answer answer) {
        static JsonAnswer of(Answer answer) {
            return new JsonAnswer(answer);
        }

        void expectIssuerRefused() {
            assertEquals("issuer", answer.expectProblem(400).path("errors").path(0).path("field").asText(),
                    answer.toString());
        }
    }

    private Configured configure(String issuer) {
        Person admin = app.registerAdult("管理员");
        String enterpriseId = app.post("/api/v1/enterprises", admin.token(), Map.of("name", "消费科技有限公司",
                "creditCode", CreditCodes.newCreditCode(),
                "contact", Map.of("name", "王经理", "phone", Client.newPhone(), "email", "it@example.com")))
                .expect(201).get("id").asText();
        admin.refresh(app);
        return new Configured(enterpriseId, app.put("/api/v1/enterprises/" + enterpriseId + "/sso", admin.token(),
                Map.of("issuer", issuer, "clientId", "huiketang", "clientSecret", "secret",
                        "verifiedDomains", List.of("example.com"))));
    }
}
