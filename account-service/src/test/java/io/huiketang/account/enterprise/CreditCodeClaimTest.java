package io.huiketang.account.enterprise;

import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.huiketang.account.support.AccountTestClient;
import io.huiketang.account.support.Enterprises;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A credit code belongs to the enterprise that proves it, not to whoever typed it first: a claim is
 * pending until its admin enters the code sent to the contact number the registry has on record
 * for that credit code (here the test registry file, see application.properties).
 */
@QuarkusTest
class CreditCodeClaimTest {

    static final Path REGISTRY = Path.of("target/credit-code-registry.csv");
    private static final String PROBLEM = "application/problem+json";

    @Test
    void aSquattersPendingClaimDoesNotLockTheRealCompanyOut() {
        String creditCode = Enterprises.newCreditCode();
        String registeredContact = registerInRegistry(creditCode);
        String squatter = token();
        String squatterClaim = create(squatter, creditCode).then().statusCode(201)
                .body("creditCodeVerified", equalTo(false)).extract().path("id");

        String company = token();
        String companyClaim = create(company, creditCode).then().statusCode(201)
                .body("creditCodeVerified", equalTo(false)).extract().path("id");
        sendCode(company, companyClaim).then().statusCode(202)
                .body("sentTo", equalTo(registeredContact.substring(0, 6) + "****" + registeredContact.substring(10)));
        verify(company, companyClaim, lastCodeSentTo(registeredContact)).then().statusCode(200)
                .body("creditCodeVerified", equalTo(true));

        // The code is owned now: the squatter's claim can never be verified, and no new claim is taken
        sendCode(squatter, squatterClaim).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://huiketang.io/problems/credit-code-owned"));
        verify(squatter, squatterClaim, "123456").then().statusCode(409)
                .body("type", equalTo("https://huiketang.io/problems/credit-code-owned"));
        create(token(), creditCode).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://huiketang.io/problems/credit-code-owned"));
        given().header("Authorization", "Bearer " + squatter).when().get("/api/v1/enterprises/" + squatterClaim)
                .then().statusCode(200).body("creditCodeVerified", equalTo(false));
    }

    @Test
    void aCodeProvesOnlyTheClaimItWasSentFor() {
        String creditCode = Enterprises.newCreditCode();
        String registeredContact = registerInRegistry(creditCode);
        String first = token();
        String firstClaim = create(first, creditCode).then().statusCode(201).extract().path("id");
        String second = token();
        String secondClaim = create(second, creditCode).then().statusCode(201).extract().path("id");

        sendCode(first, firstClaim).then().statusCode(202);
        String firstCode = lastCodeSentTo(registeredContact);
        // The second claimant's own code request does not pause or replace the first claim's code
        sendCode(second, secondClaim).then().statusCode(202);
        String secondCode = lastCodeSentTo(registeredContact);
        if (!firstCode.equals(secondCode)) {
            verify(second, secondClaim, firstCode).then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("https://huiketang.io/problems/invalid-code"));
        }
        verify(first, firstClaim, firstCode).then().statusCode(200).body("creditCodeVerified", equalTo(true));
        verify(second, secondClaim, secondCode).then().statusCode(409);
    }

    @Test
    void twoClaimsVerifiedAtOnceMakeOneOwner() throws Exception {
        String creditCode = Enterprises.newCreditCode();
        String registeredContact = registerInRegistry(creditCode);
        List<String[]> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String admin = token();
            String claim = create(admin, creditCode).then().statusCode(201).extract().path("id");
            sendCode(admin, claim).then().statusCode(202);
            claims.add(new String[] { admin, claim, lastCodeSentTo(registeredContact) });
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(claims.size());
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (String[] claim : claims) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return verify(claim[0], claim[1], claim[2]);
                }));
            }
            start.countDown();
            int owners = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    owners++;
                } else {
                    assertEquals(409, response.statusCode(), response.asString());
                }
            }
            assertEquals(1, owners, "exactly one claim owns the credit code");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCreditCodeTheRegistryDoesNotKnowCannotBeVerifiedHere() {
        String admin = token();
        String claim = create(admin, Enterprises.newCreditCode()).then().statusCode(201).extract().path("id");
        sendCode(admin, claim).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://huiketang.io/problems/credit-code-not-in-registry"));
    }

    @Test
    void onlyTheClaimsAdminCanVerifyIt() {
        String creditCode = Enterprises.newCreditCode();
        registerInRegistry(creditCode);
        String claim = create(token(), creditCode).then().statusCode(201).extract().path("id");
        sendCode(token(), claim).then().statusCode(404).contentType(PROBLEM);
        verify(token(), claim, "123456").then().statusCode(404).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + token()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/enterprises/" + claim + "/credit-code-verification")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("code"));
    }

    /** Writes the credit code into the test registry with a contact number of its own, and returns it. */
    static String registerInRegistry(String creditCode) {
        String contact = newPhone();
        try {
            Files.createDirectories(REGISTRY.getParent());
            Files.writeString(REGISTRY, creditCode + "," + contact + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertNotEquals(-1, contact.indexOf('+'));
        return contact;
    }

    private static String token() {
        return registerAdult(newPhone()).getString("tokens.accessToken");
    }

    private static Response create(String token, String creditCode) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("name", "丁公司", "creditCode", creditCode,
                        "contact", Map.of("name", "赵经理", "phone", newPhone())))
                .when().post("/api/v1/enterprises");
    }

    private static Response sendCode(String token, String enterpriseId) {
        return AccountTestClient.fromAnyAddress().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/enterprises/" + enterpriseId + "/credit-code-verification/codes");
    }

    private static Response verify(String token, String enterpriseId, String code) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .when().post("/api/v1/enterprises/" + enterpriseId + "/credit-code-verification");
    }
}
