package io.huiketang.meeting.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.auth.StaleTokens;
import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.kit.testing.SmsOutbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Admin rights and memberships travel in the access token for its ten minutes. When they change at
 * account-service (a real process here), this service refuses the person's earlier tokens within a
 * second, as account-service itself does, with the out-of-date 401; a refreshed token carries the
 * new rights, and nobody else's tokens are touched.
 */
@QuarkusTest
@QuarkusTestResource(value = AccountServiceProcess.class, restrictToAnnotatedClass = true)
class RightsChangeTokensTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OUT_OF_DATE = "https://huiketang.io/problems/token-out-of-date";
    private static final Pattern INVITATION = Pattern.compile("/join/([A-Za-z0-9_-]{43})");

    @Inject
    StaleTokens staleTokens;

    /** A person's current tokens, as a client app keeps them. */
    static final class Person {
        final String id;
        final String phone;
        String accessToken;
        String refreshToken;

        Person(String id, String phone, String accessToken, String refreshToken) {
            this.id = id;
            this.phone = phone;
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
        }

        /** What a client does on the out-of-date 401: spends its refresh token for a pair with the current rights. */
        void refresh() {
            JsonPath pair = account().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                    .when().post("/api/v1/accounts/tokens/refresh").then().statusCode(200).extract().jsonPath();
            accessToken = pair.getString("accessToken");
            refreshToken = pair.getString("refreshToken");
        }
    }

    @Test
    void adminRightRevokedAtAccountServiceIsRefusedHereWithinASecondAndTheRefreshedTokenNoLongerExports() {
        Person owner = register();
        Person member = register();
        Person unrelated = register();
        String enterpriseId = createEnterprise(owner);
        join(owner, enterpriseId, member);

        String beforeGrant = member.accessToken;
        account().auth().oauth2(owner.accessToken).when().put(admins(enterpriseId) + member.id).then().statusCode(201);
        awaitRefusedHereAndAtAccountService(beforeGrant);
        member.refresh();
        export(member, enterpriseId).then().statusCode(200);

        String asAdmin = member.accessToken;
        account().auth().oauth2(owner.accessToken).when().delete(admins(enterpriseId) + member.id).then().statusCode(204);

        awaitRefusedHereAndAtAccountService(asAdmin);
        member.refresh();
        export(member, enterpriseId).then().statusCode(403).contentType("application/problem+json");
        createEnterpriseMeeting(member, enterpriseId).then().statusCode(201);
        assertUnaffected(owner, unrelated);
    }

    @Test
    void memberRemovedAtAccountServiceIsRefusedHereWithinASecondAndTheRefreshedTokenHoldsNoEnterpriseMeeting() {
        Person owner = register();
        Person member = register();
        Person unrelated = register();
        String enterpriseId = createEnterprise(owner);
        join(owner, enterpriseId, member);
        member.refresh(); // joining marks nothing: the next token names the enterprise
        createEnterpriseMeeting(member, enterpriseId).then().statusCode(201);

        String asMember = member.accessToken;
        account().auth().oauth2(owner.accessToken).when().delete("/api/v1/enterprises/" + enterpriseId + "/members/"
                + member.id).then().statusCode(204);

        awaitRefusedHereAndAtAccountService(asMember);
        member.refresh();
        createEnterpriseMeeting(member, enterpriseId).then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("You can only hold meetings for an enterprise you belong to."));
        assertUnaffected(owner, unrelated);
    }

    /**
     * A suspension cannot be started from here (account-service has no endpoint for it, see its
     * AccountSuspensionTest); besides ending the sessions it writes the mark written here, which is
     * what this service reads. The session is left open, so only the mark can refuse the token.
     */
    @Test
    void tokenIssuedBeforeTheAccountsSuspensionMarkIsRefusedHereWithinASecond() {
        Person suspended = register();
        Person unrelated = register();
        given().auth().oauth2(suspended.accessToken).when().get("/test/caller").then().statusCode(200);

        staleTokens.markChanged(UUID.fromString(suspended.id), Instant.now(), Duration.ofMinutes(11))
                .await().indefinitely();

        awaitRefusedHereAndAtAccountService(suspended.accessToken);
        assertUnaffected(unrelated);
    }

    private static void awaitRefusedHereAndAtAccountService(String token) {
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                given().auth().oauth2(token).when().get("/test/caller").statusCode() == 401
                        && account().auth().oauth2(token).when().get("/api/v1/accounts/me").statusCode() == 401);
        given().auth().oauth2(token).when().get("/test/caller")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(OUT_OF_DATE)).body("title", equalTo("Access token out of date"));
        account().auth().oauth2(token).when().get("/api/v1/accounts/me")
                .then().statusCode(401).body("type", equalTo(OUT_OF_DATE));
    }

    private static void assertUnaffected(Person... people) {
        for (Person person : people) {
            given().auth().oauth2(person.accessToken).when().get("/test/caller")
                    .then().statusCode(200).body("accountId", equalTo(person.id));
            account().auth().oauth2(person.accessToken).when().get("/api/v1/accounts/me").then().statusCode(200);
        }
    }

    private static Response export(Person person, String enterpriseId) {
        return given().auth().oauth2(person.accessToken)
                .when().get("/api/v1/meetings/enterprise/" + enterpriseId + "/export");
    }

    private static Response createEnterpriseMeeting(Person person, String enterpriseId) {
        return given().auth().oauth2(person.accessToken).contentType(ContentType.JSON)
                .body(Map.of("topic", "部门例会", "kind", "INSTANT", "enterpriseId", enterpriseId))
                .when().post("/api/v1/meetings");
    }

    private static String admins(String enterpriseId) {
        return "/api/v1/enterprises/" + enterpriseId + "/admins/";
    }

    private static io.restassured.specification.RequestSpecification account() {
        return given().baseUri(AccountServiceProcess.baseUrl);
    }

    private static Person register() {
        String phone = "+86137" + String.format("%08d", RANDOM.nextInt(100_000_000));
        account().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .header("X-Forwarded-For", "198.19." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254)))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(202);
        Map<String, Object> body = new HashMap<>(Map.of("phone", phone,
                "code", SmsOutbox.lastCodeSentTo(AccountServiceProcess.SMS_OUTBOX, phone),
                "displayName", "参会人", "policyVersion", "2023-05-16", "ageBracket", "ADULT"));
        JsonPath registered = account().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/accounts/registrations").then().statusCode(201).extract().jsonPath();
        return new Person(registered.getString("accountId"), phone, registered.getString("tokens.accessToken"),
                registered.getString("tokens.refreshToken"));
    }

    private static String createEnterprise(Person owner) {
        return account().auth().oauth2(owner.accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", "权限变更会议公司", "creditCode", CreditCodes.newCreditCode(),
                        "contact", Map.of("name", "王经理", "phone", "+8613800138000", "email", "it@example.com")))
                .when().post("/api/v1/enterprises").then().statusCode(201).extract().path("id");
    }

    /** The owner invites the person by their number; the person accepts with the link's token. */
    private static void join(Person owner, String enterpriseId, Person person) {
        account().auth().oauth2(owner.accessToken).contentType(ContentType.JSON).body(Map.of("phone", person.phone))
                .when().post("/api/v1/enterprises/" + enterpriseId + "/invitations").then().statusCode(201);
        account().auth().oauth2(person.accessToken)
                .when().post("/api/v1/invitations/" + invitationTextedTo(person.phone) + "/accept").then().statusCode(200);
    }

    private static String invitationTextedTo(String phone) {
        try {
            List<String> lines = Files.readAllLines(AccountServiceProcess.SMS_OUTBOX);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher token = INVITATION.matcher(lines.get(i));
                if (lines.get(i).split("\t")[1].equals(phone) && token.find()) {
                    return token.group(1);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no invitation was texted to " + phone);
    }
}
