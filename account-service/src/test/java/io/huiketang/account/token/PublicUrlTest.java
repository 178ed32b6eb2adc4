package io.huiketang.account.token;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.account.support.Enterprises;
import io.huiketang.kit.testing.SsoBrowser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Behind the gateway, clients know the platform only by its public URL: every address this service
 * hands out names it, while services (this one included) still fetch the keys from the internal
 * address. The public host here never resolves, so any fetch from it would fail the test.
 */
@QuarkusTest
@TestProfile(PublicUrlTest.BehindGateway.class)
class PublicUrlTest {

    static final String PUBLIC_URL = "https://gateway.huiketang.invalid:8443";

    public static class BehindGateway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("huiketang.public-url", PUBLIC_URL);
        }
    }

    @Test
    void discoveryNamesThePublicUrlForTheIssuerAndEveryEndpoint() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .body("issuer", equalTo(PUBLIC_URL))
                .body("jwks_uri", equalTo(PUBLIC_URL + "/.well-known/jwks.json"))
                .body("token_endpoint", equalTo(PUBLIC_URL + "/api/v1/accounts/tokens/refresh"));
    }

    @Test
    void tokensNameThePublicIssuerAndAreAcceptedByAServiceVerifyingAtTheInternalAddress() {
        JsonPath registered = registerAdult(newPhone());
        String token = registered.getString("tokens.accessToken");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals(PUBLIC_URL, JsonPath.from(payload).getString("iss"));
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/accounts/me")
                .then().statusCode(200).body("id", equalTo(registered.getString("accountId")));
    }

    @Test
    void theSsoLoginSendsTheProviderBackToThePublicCallbackWithTheCookieForThePublicHost() {
        String admin = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterprise = Enterprises.create(admin, "公网地址有限公司").getString("id");
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("issuer", SsoBrowser.KEYCLOAK + "/realms/acme", "clientId", "huiketang-platform",
                        "clientSecret", "acme-platform-secret", "verifiedDomains", List.of("acme.example")))
                .when().put("/api/v1/enterprises/" + enterprise + "/sso")
                .then().statusCode(201).body("callbackUrl", equalTo(PUBLIC_URL + "/api/v1/sso/callback"));

        Response authorize = given().redirects().follow(false).queryParam("policyVersion", SsoBrowser.POLICY)
                .when().get("/api/v1/sso/" + enterprise + "/authorize");
        authorize.then().statusCode(302).header("Location", startsWith(SsoBrowser.KEYCLOAK));
        assertEquals(PUBLIC_URL + "/api/v1/sso/callback",
                SsoBrowser.queryParam(authorize.getHeader("Location"), "redirect_uri"));
        // No Domain attribute: the cookie belongs to the host the browser asked, the public one
        String cookie = authorize.getHeader("Set-Cookie");
        assertTrue(cookie.contains("Path=/api/v1/sso/callback"), cookie);
        assertTrue(cookie.contains("Secure"), cookie);
        assertFalse(cookie.toLowerCase().contains("domain="), cookie);
    }

    @Test
    void invitationLinksOpenAtThePublicUrl() throws Exception {
        String admin = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterprise = Enterprises.create(admin, "邀请链接有限公司").getString("id");
        String phone = newPhone();
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/enterprises/" + enterprise + "/invitations").then().statusCode(201);
        String text = Files.readAllLines(Path.of("target/sms-outbox.log")).stream()
                .filter(line -> line.split("\t")[1].equals(phone)).reduce((first, last) -> last).orElseThrow();
        assertTrue(text.matches(".*" + java.util.regex.Pattern.quote(PUBLIC_URL + "/join/") + "[A-Za-z0-9_-]{43}.*"),
                text);
    }
}
