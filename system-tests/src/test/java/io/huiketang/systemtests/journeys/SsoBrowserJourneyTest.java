package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.kit.testing.SsoBrowser;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.HeadlessChromium;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * An employee logs in through their enterprise's identity provider in a real browser, knowing the
 * platform only by the gateway's public address: the login starts there, Keycloak's own form is
 * filled in, Keycloak sends the browser back to the gateway's callback (where the login's cookie
 * was set), and the browser receives the platform's tokens; the employee is then a member.
 */
class SsoBrowserJourneyTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void employeeLogsInThroughKeycloakInABrowserAndComesBackThroughTheGatewayWithTokens() throws Exception {
        ChromeDriver browser = HeadlessChromium.start();
        try {
            Person admin = app.registerAdult("管理员");
            String enterpriseId = app.post("/api/v1/enterprises", admin.token(), Map.of("name", "浏览器科技有限公司",
                    "creditCode", CreditCodes.newCreditCode(),
                    "contact", Map.of("name", "王经理", "phone", Client.newPhone(), "email", "it@example.com")))
                    .expect(201).get("id").asText();
            admin.refresh(app);
            app.put("/api/v1/enterprises/" + enterpriseId + "/sso", admin.token(), Map.of(
                    "issuer", SsoBrowser.KEYCLOAK + "/realms/acme", "clientId", "huiketang-platform",
                    "clientSecret", "acme-platform-secret", "verifiedDomains", List.of("acme.example"))).expect(201);

            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(platform.gatewayUrl() + "/api/v1/sso/" + enterpriseId + "/authorize?policyVersion="
                    + Client.POLICY);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            assertTrue(browser.getCurrentUrl().startsWith(SsoBrowser.KEYCLOAK + "/realms/acme/"),
                    browser.getCurrentUrl());
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys("alice-password");
            browser.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.urlContains(platform.gatewayUrl() + "/api/v1/sso/callback?"));
            String page = wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("body"))).getText();
            JsonNode login = new ObjectMapper().readTree(page);
            assertEquals(enterpriseId, login.path("enterpriseId").asText(), page);
            String token = login.path("tokens").path("accessToken").asText();

            JsonNode me = app.get("/api/v1/accounts/me", token).expect(200);
            assertEquals(login.path("accountId").asText(), me.get("id").asText());
            JsonNode members = app.get("/api/v1/enterprises/" + enterpriseId + "/members?size=50", admin.token())
                    .expect(200).get("members");
            JsonNode alice = null;
            for (JsonNode member : members) {
                if (member.get("accountId").asText().equals(login.path("accountId").asText())) {
                    alice = member;
                }
            }
            assertTrue(alice != null, "provisioned as a member: " + members);
            assertEquals("alice@acme.example", alice.get("companyEmail").asText());
            assertEquals("SSO", alice.get("joinedVia").asText());
        } finally {
            browser.quit();
        }
    }
}
