package io.huiketang.account.sso;

import static io.huiketang.account.sso.Browser.KEYCLOAK;
import static io.huiketang.account.sso.Browser.POLICY;
import static io.huiketang.account.sso.Browser.service;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.Enterprises;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Enterprise SSO (ACC-7) end to end against the stack's real Keycloak (realm acme): an admin
 * configures the provider, people log in through Keycloak's own login form, and come back holding
 * the platform's tokens.
 */
@QuarkusTest
class SsoLoginTest {

    private static final String ISSUER = KEYCLOAK + "/realms/acme";
    private static final String SECRET = "acme-platform-secret";
    private static final String PROBLEMS = "https://huiketang.io/problems/";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SsoIdentitySection section;

    /** An enterprise and its creator (its admin). */
    record Acme(String id, String adminToken) {
    }

    @Test
    void employeeLogsInThroughTheEnterpriseProviderAndIsProvisionedJustInTime() {
        Acme acme = enterpriseWithSso();
        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            Browser browser = new Browser();
            long started = System.nanoTime();
            URI callback = browser.loginAtKeycloak(acme.id(), "alice", "alice-password");
            assertTrue(callback.toString().startsWith(service("/api/v1/sso/callback?").toString()), callback.toString());
            long callbackStarted = System.nanoTime();
            HttpResponse<String> answer = browser.get(callback);
            long now = System.nanoTime();
            System.out.println("SSO login, authorize to platform tokens (Keycloak's form included): "
                    + (now - started) / 1_000_000 + " ms, of which the callback: " + (now - callbackStarted) / 1_000_000
                    + " ms");

            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(null));
            JsonPath login = JsonPath.from(answer.body());
            String accountId = login.getString("accountId");
            assertTrue(login.getBoolean("newAccount"));
            assertEquals(acme.id(), login.getString("enterpriseId"));
            assertEquals("Bearer", login.getString("tokens.tokenType"));
            String token = login.getString("tokens.accessToken");

            given().header("Authorization", "Bearer " + token).when().get("/api/v1/accounts/me")
                    .then().statusCode(200)
                    .body("id", equalTo(accountId))
                    .body("displayName", equalTo("Alice Anders"))
                    .body("phone", nullValue())
                    .body("status", equalTo("ACTIVE"))
                    .body("ageBracket", equalTo("ADULT"))
                    .body("entitlements.enterprises", hasItem(acme.id()));
            given().header("Authorization", "Bearer " + token).when().get("/api/v1/enterprises/" + acme.id())
                    .then().statusCode(200).body("admin", equalTo(false));
            assertEquals(List.of("SSO", "alice@acme.example"), row(
                    "select joined_via, company_email from enterprise_member where enterprise_id = ? and account_id = ?",
                    acme.id(), accountId));

            List<ConsumerRecord<String, byte[]>> records = events.readUntil(rs -> rs.stream()
                    .filter(r -> accountId.equals(r.key()) || new String(r.value()).contains(accountId)).count() >= 3,
                    Duration.ofSeconds(20));
            List<ConsumedEvent> ours = records.stream()
                    .filter(r -> accountId.equals(r.key()) || new String(r.value()).contains(accountId))
                    .map(PublishedEvents::assertValid).toList();
            ConsumedEvent registered = only(ours, AccountEvents.ACCOUNT_REGISTERED);
            assertEquals("SSO", registered.data().get("registeredVia").asText());
            assertEquals("ADULT", registered.data().get("ageBracket").asText());
            assertEquals(POLICY, only(ours, AccountEvents.POLICY_ACCEPTED).data().get("policyVersion").asText());
            ConsumedEvent joined = only(ours, AccountEvents.MEMBER_JOINED);
            assertEquals(acme.id(), joined.data().get("enterpriseId").asText());
            assertEquals("SSO", joined.data().get("via").asText());
            assertTrue(records.stream().noneMatch(r -> new String(r.value()).contains("alice@")), "no e-mail in events");

            // The same person again (a new browser, so Keycloak asks for the password again): the same account
            Browser again = new Browser();
            started = System.nanoTime();
            JsonPath second = JsonPath.from(again.get(again.loginAtKeycloak(acme.id(), "alice", "alice-password")).body());
            System.out.println("SSO login again, warm: " + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertEquals(accountId, second.getString("accountId"));
            assertFalse(second.getBoolean("newAccount"));
            assertNotEquals(login.getString("tokens.sessionId"), second.getString("tokens.sessionId"));
            assertEquals(1L, count("select count(*) from sso_identity where account_id = ?", accountId));
            assertEquals(2L, count("select count(*) from enterprise_member where enterprise_id = ?", acme.id()));
        }
    }

    @Test
    void unknownStateIsRefused() {
        given().queryParam("state", "not-a-state-we-issued").queryParam("code", "some-code")
                .when().get("/api/v1/sso/callback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "sso-login-invalid"));
        given().when().get("/api/v1/sso/callback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "sso-login-invalid"));
    }

    @Test
    void replayingTheCallbackIsRefused() {
        Acme acme = enterpriseWithSso();
        Browser browser = new Browser();
        URI callback = browser.loginAtKeycloak(acme.id(), "bob", "bob-password");
        assertEquals(200, browser.get(callback).statusCode());

        assertProblem(browser.get(callback), 400, "sso-login-invalid");
    }

    @Test
    void aCodeAlreadyExchangedIsRefusedByTheProvider() {
        Acme acme = enterpriseWithSso();
        Browser browser = new Browser();
        URI first = browser.loginAtKeycloak(acme.id(), "bob", "bob-password");
        assertEquals(200, browser.get(first).statusCode());

        // A new login in the same browser, completed with the first login's (spent) code
        String state = Browser.queryParam(Browser.location(browser.get(Browser.authorize(acme.id()))), "state");
        String spentCode = Browser.queryParam(first.toString(), "code");
        HttpResponse<String> answer = browser.get(service("/api/v1/sso/callback?state=" + state + "&code=" + spentCode));

        assertProblem(answer, 400, "sso-code-rejected");
    }

    @Test
    void callbackInAnotherBrowserIsRefused() {
        Acme acme = enterpriseWithSso();
        Browser person = new Browser();
        URI callback = person.loginAtKeycloak(acme.id(), "bob", "bob-password");

        assertProblem(new Browser().get(callback), 400, "sso-login-invalid");
        // The attempt used the login up: the person starts again
        assertProblem(person.get(callback), 400, "sso-login-invalid");
    }

    @Test
    void anAnswerNamingAnotherIssuerOrAProviderErrorIsRefused() {
        Acme acme = enterpriseWithSso();
        Browser browser = new Browser();
        String callback = browser.loginAtKeycloak(acme.id(), "bob", "bob-password").toString();
        // RFC 9207: the provider names itself in its answer; another name means a mix-up
        String mixedUp = callback.replace("iss=http%3A%2F%2F127.0.0.1", "iss=http%3A%2F%2Fidp.evil.example");
        assertProblem(browser.get(URI.create(mixedUp)), 400, "sso-id-token-invalid");

        String state = Browser.queryParam(Browser.location(browser.get(Browser.authorize(acme.id()))), "state");
        HttpResponse<String> denied = browser.get(
                service("/api/v1/sso/callback?state=" + state + "&error=access_denied"));
        assertProblem(denied, 400, "sso-refused-by-provider");
        assertTrue(JsonPath.from(denied.body()).getString("detail").contains("access_denied"));
    }

    @Test
    void aProviderThatIsDownOrRefusesTheClientIsABadGateway() {
        Acme acme = enterpriseWithSso();
        Map<String, Object> wrongSecret = with("clientSecret", "not-the-secret");
        given().header("Authorization", "Bearer " + acme.adminToken()).contentType(ContentType.JSON).body(wrongSecret)
                .when().put(ssoOf(acme.id())).then().statusCode(200);
        Browser browser = new Browser();
        assertProblem(browser.get(browser.loginAtKeycloak(acme.id(), "bob", "bob-password")), 502,
                "sso-provider-unavailable");

        // The provider went away after it was configured
        execute("update sso_configuration set issuer = 'http://127.0.0.1:1/realms/gone' where enterprise_id = ?",
                acme.id());
        assertProblem(new Browser().get(Browser.authorize(acme.id())), 502, "sso-provider-unavailable");
    }

    @Test
    void emailOutsideTheVerifiedDomainsIsForbiddenAndNoAccountIsCreated() {
        Acme acme = enterpriseWithSso();
        long accounts = count("select count(*) from account");
        Browser browser = new Browser();

        HttpResponse<String> answer = browser.get(browser.loginAtKeycloak(acme.id(), "mallory", "mallory-password"));

        assertProblem(answer, 403, "sso-email-not-allowed");
        assertEquals(accounts, count("select count(*) from account"));
        assertEquals(0L, count("select count(*) from sso_identity where enterprise_id = ?", acme.id()));
        assertEquals(1L, count("select count(*) from enterprise_member where enterprise_id = ?", acme.id()));
    }

    @Test
    void onlyTheEnterpriseAdminsConfigureSso() {
        Acme acme = enterpriseWithSso();
        Browser browser = new Browser();
        String member = JsonPath.from(browser.get(browser.loginAtKeycloak(acme.id(), "alice", "alice-password")).body())
                .getString("tokens.accessToken");
        String outsider = registerAdult(newPhone()).getString("tokens.accessToken");

        for (var refused : Map.of(member, 403, outsider, 404).entrySet()) {
            String bearer = "Bearer " + refused.getKey();
            int status = refused.getValue();
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(settings())
                    .when().put(ssoOf(acme.id())).then().statusCode(status).contentType("application/problem+json");
            given().header("Authorization", bearer).when().get(ssoOf(acme.id()))
                    .then().statusCode(status).contentType("application/problem+json");
            given().header("Authorization", bearer).when().delete(ssoOf(acme.id()))
                    .then().statusCode(status).contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).body(settings()).when().put(ssoOf(acme.id()))
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + acme.adminToken()).when().get(ssoOf(acme.id()))
                .then().statusCode(200).body("issuer", equalTo(ISSUER));
    }

    @Test
    void theConfigurationShowsThatASecretIsSetButNeverTheSecret() {
        Acme acme = enterpriseWithSso();
        String admin = "Bearer " + acme.adminToken();
        String shown = given().header("Authorization", admin).when().get(ssoOf(acme.id()))
                .then().statusCode(200)
                .body("enterpriseId", equalTo(acme.id()))
                .body("issuer", equalTo(ISSUER))
                .body("clientId", equalTo("huiketang-platform"))
                .body("clientSecretSet", equalTo(true))
                .body("scopes", contains("openid", "email", "profile"))
                .body("claimMapping.email", equalTo("email"))
                .body("claimMapping.displayName", equalTo("name"))
                .body("verifiedDomains", contains("acme.example"))
                .body("callbackUrl", equalTo(service("/api/v1/sso/callback").toString()))
                .extract().asString();
        assertFalse(shown.contains(SECRET));
        assertFalse(row("select client_secret_cipher from sso_configuration where enterprise_id = ?", acme.id())
                .get(0).contains(SECRET), "stored encrypted");

        // Changed without the secret: the stored one is kept, and logins still work
        Map<String, Object> changed = settings();
        changed.remove("clientSecret");
        changed.put("verifiedDomains", List.of("ACME.example", "acme-group.example"));
        given().header("Authorization", admin).contentType(ContentType.JSON).body(changed)
                .when().put(ssoOf(acme.id()))
                .then().statusCode(200).body("verifiedDomains", contains("acme.example", "acme-group.example"))
                .body("clientSecretSet", equalTo(true));
        Browser browser = new Browser();
        assertEquals(200, browser.get(browser.loginAtKeycloak(acme.id(), "bob", "bob-password")).statusCode());

        // Turned off: no more logins through it
        given().header("Authorization", admin).when().delete(ssoOf(acme.id())).then().statusCode(204);
        given().header("Authorization", admin).when().get(ssoOf(acme.id()))
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "sso-not-configured"));
        assertProblem(new Browser().get(Browser.authorize(acme.id())), 404, "sso-not-configured");
        given().header("Authorization", admin).when().delete(ssoOf(acme.id())).then().statusCode(404);
    }

    @Test
    void invalidSettingsAreProblemsNamingTheField() {
        String admin = registerAdult(newPhone()).getString("tokens.accessToken");
        String id = Enterprises.create(admin, "ACME 配置").getString("id");

        assertRefused(admin, id, with("issuer", "http://127.0.0.1:1/realms/acme"), "issuer");
        // Keycloak names 127.0.0.1 as its issuer, whatever host name it is reached by
        assertRefused(admin, id, with("issuer", ISSUER.replace("127.0.0.1", "localhost")), "issuer")
                .body("errors[0].message", equalTo("does not match the issuer named in its discovery document"));
        assertRefused(admin, id, with("issuer", ISSUER + "?tenant=1"), "issuer");
        assertRefused(admin, id, with("issuer", "not a url"), "issuer");
        assertRefused(admin, id, with("issuer", null), "issuer");
        assertRefused(admin, id, with("clientId", " "), "clientId");
        assertRefused(admin, id, with("clientSecret", null), "clientSecret");
        assertRefused(admin, id, with("verifiedDomains", List.of()), "verifiedDomains");
        assertRefused(admin, id, with("verifiedDomains", List.of("acme.example", "not a domain")), "verifiedDomains[1]");
        assertRefused(admin, id, with("scopes", List.of("email", "profile")), "scopes");
        assertRefused(admin, id, with("claimMapping", Map.of("email", "e mail")), "claimMapping.email");
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body("{\"issuer\": ")
                .when().put(ssoOf(id)).then().statusCode(400).contentType("application/problem+json");

        given().header("Authorization", "Bearer " + admin).when().get(ssoOf(id)).then().statusCode(404);
    }

    @Test
    void loginNeedsTheCurrentPolicyAndAnEnterpriseWithSso() {
        Acme acme = enterpriseWithSso();
        String withoutSso = Enterprises.create(acme.adminToken(), "ACME 无 SSO").getString("id");
        Browser browser = new Browser();

        assertProblem(browser.get(Browser.authorize(UUID.randomUUID().toString())), 404, "sso-not-configured");
        assertProblem(browser.get(Browser.authorize(withoutSso)), 404, "sso-not-configured");
        HttpResponse<String> noPolicy = browser.get(service("/api/v1/sso/" + acme.id() + "/authorize"));
        assertEquals(400, noPolicy.statusCode());
        assertEquals("policyVersion", JsonPath.from(noPolicy.body()).getString("errors[0].field"));
        HttpResponse<String> oldPolicy = browser.get(
                service("/api/v1/sso/" + acme.id() + "/authorize?policyVersion=2020-01-01"));
        assertEquals(400, oldPolicy.statusCode());
        assertEquals("policyVersion", JsonPath.from(oldPolicy.body()).getString("errors[0].field"));
    }

    @Test
    void personalDataSectionExportsAndErasesTheLinks() {
        Acme acme = enterpriseWithSso();
        Browser browser = new Browser();
        UUID accountId = UUID.fromString(JsonPath.from(
                browser.get(browser.loginAtKeycloak(acme.id(), "bob", "bob-password")).body()).getString("accountId"));

        JsonNode exported = QuarkusTransaction.requiringNew().call(() -> section.export(accountId));
        assertEquals(1, exported.size());
        assertEquals(acme.id(), exported.get(0).get("enterpriseId").asText());
        assertEquals(ISSUER, exported.get(0).get("issuer").asText());
        assertEquals("bob@acme.example", exported.get(0).get("email").asText());

        assertEquals(Map.of("sso_identity", 1L), section.erase(accountId));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> section.export(accountId)).size());
        assertTrue(section.eraseOrder() < 100, "before the account itself");
    }

    private static Acme enterpriseWithSso() {
        String admin = registerAdult(newPhone()).getString("tokens.accessToken");
        String id = Enterprises.create(admin, "ACME 中国有限公司").getString("id");
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body(settings())
                .when().put(ssoOf(id))
                .then().statusCode(201).body("clientSecretSet", equalTo(true));
        return new Acme(id, admin);
    }

    private static Map<String, Object> settings() {
        return new HashMap<>(Map.of("issuer", ISSUER, "clientId", "huiketang-platform", "clientSecret", SECRET,
                "verifiedDomains", List.of("acme.example")));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> settings = settings();
        settings.put(field, value);
        return settings;
    }

    private static String ssoOf(String enterpriseId) {
        return "/api/v1/enterprises/" + enterpriseId + "/sso";
    }

    private static io.restassured.response.ValidatableResponse assertRefused(String admin, String enterpriseId,
            Map<String, Object> settings, String field) {
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body(settings)
                .when().put(ssoOf(enterpriseId))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json",
                response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(PROBLEMS + type, JsonPath.from(response.body()).getString("type"));
    }

    private static ConsumedEvent only(List<ConsumedEvent> events, String type) {
        List<ConsumedEvent> ofType = events.stream().filter(e -> e.type().equals(type)).toList();
        assertEquals(1, ofType.size(), type);
        return ofType.get(0);
    }

    private long count(String sql, Object... params) {
        return Long.parseLong(row(sql, params).get(0));
    }

    private void execute(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            assertEquals(1, statement.executeUpdate(), sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i] instanceof String s && s.length() == 36 ? UUID.fromString(s)
                    : params[i]);
        }
    }

    private List<String> row(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet result = statement.executeQuery()) {
                assertTrue(result.next(), sql);
                List<String> values = new java.util.ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    values.add(result.getString(i));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
