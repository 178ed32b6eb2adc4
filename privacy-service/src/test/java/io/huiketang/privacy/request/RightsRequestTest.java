package io.huiketang.privacy.request;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.claimcheck.Claim;
import io.huiketang.kit.claimcheck.ClaimChecks;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.privacy.support.AccountEventsProducer;
import io.huiketang.privacy.support.Operators;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Rights requests end to end over the real broker and S3 store (PRV-1): privacy-service answers as a data holder
 * itself; two stand-in holders (test-holder-a, -b) answer as platform-kit's holder side does.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class RightsRequestTest {

    static final String PATH = "/api/v1/privacy/requests";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ClaimChecks store;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RequestDeadlines deadlines;

    @Test
    void accessArchiveIsStreamedWithAManifestAndExpires() throws Exception {
        UUID person = UUID.randomUUID();
        // Whatever ran before: these stand-ins have not announced themselves yet
        execute("DELETE FROM data_holder WHERE service LIKE ?", "test-holder-%");
        try (StandInHolder a = new StandInHolder("test-holder-a", store);
                StandInHolder b = new StandInHolder("test-holder-b", store)) {
            JsonPath opened = as(person).body(Map.of("kind", "ACCESS")).post(PATH).then().statusCode(201)
                    .body("status", equalTo("IN_PROGRESS")).body("kind", equalTo("ACCESS"))
                    .body("holders.service", hasItems("privacy-service", "test-holder-a", "test-holder-b"))
                    .extract().jsonPath();
            String id = opened.getString("id");
            // Stand-ins that never announced themselves are missing, not done
            assertEquals("MISSING", holderState(opened, "test-holder-a", "ACCESS"));

            a.announce();
            a.awaitAsked(id, Kind.ACCESS, 1);
            byte[] small = "{\"profile\":{\"nickname\":\"小明\"}}".getBytes(StandardCharsets.UTF_8);
            a.answerAccess(id, person.toString(), small);
            a.answerAccess(id, person.toString(), small); // a repeated answer changes nothing

            // b stays silent at first: it is asked again, alone with whoever else is still waiting
            b.announce();
            List<?> asksOfB = b.awaitAsked(id, Kind.ACCESS, 2);
            assertTrue(asksOfB.size() >= 2);
            PrivacyProtocol.RequestOpened retry = b.awaitAsked(id, Kind.ACCESS, 2).get(1)
                    .dataAs(PrivacyProtocol.RequestOpened.class);
            assertTrue(!retry.holders().contains("privacy-service") && !retry.holders().contains("test-holder-a"),
                    "a retry asks only the holders still waiting: " + retry.holders());

            // A 50 MB slice: claim-checked by the holder, streamed into the archive by privacy-service
            byte[] large = new byte[50 * 1024 * 1024];
            Arrays.fill(large, (byte) 'x');
            large[0] = '"';
            large[large.length - 1] = '"';
            b.answerAccess(id, person.toString(), large);

            awaitStatus(person, id, "COMPLETED");
            JsonPath done = as(person).get(PATH + "/" + id).then().statusCode(200).extract().jsonPath();
            assertTrue(done.getString("archive.url").endsWith("/" + id + "/archive"));
            assertEquals(1, count("SELECT count(*) FROM request_step WHERE request_id = ?::uuid AND actor = "
                    + "'test-holder-a' AND action = 'answered'", id), "the repeated answer was ignored");

            // The first download needs a fresh one-time code
            as(person).get(PATH + "/" + id + "/archive").then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo(FreshVerification.STEP_UP_REQUIRED.toString()));
            byte[] zip = given().header("Authorization", "Bearer " + TestTokens.verifiedWithCodeAt(person, Instant.now()))
                    .get(PATH + "/" + id + "/archive").then().statusCode(200).contentType("application/zip")
                    .extract().asByteArray();
            Map<String, byte[]> entries = unzip(zip);
            JsonNode manifest = StandInHolder.JSON.readTree(entries.get("manifest.json"));
            assertEquals(id, manifest.get("request").get("id").asText());
            assertEquals(person.toString(), manifest.get("subject").asText());
            assertTrue(entries.containsKey("README.txt")
                    && new String(entries.get("README.txt"), StandardCharsets.UTF_8).contains("个人信息"));
            for (JsonNode file : manifest.get("files")) {
                byte[] content = entries.get(file.get("name").asText());
                assertEquals(file.get("size").asLong(), content.length, file.toString());
                assertEquals(file.get("sha256").asText(), ClaimChecks.sha256(content), file.toString());
            }
            assertArrayEquals(small, entries.get("test-holder-a.json"));
            assertEquals(large.length, entries.get("test-holder-b.json").length);
            assertTrue(entries.containsKey("privacy-service.json"), "privacy-service's own slice (consents)");
            // Later downloads need the token only
            as(person).get(PATH + "/" + id + "/archive").then().statusCode(200);
            assertEquals(2, count("SELECT count(*) FROM request_step WHERE request_id = ?::uuid "
                    + "AND action = 'archive-downloaded'", id));

            // Another person finds nothing (BOLA)
            as(UUID.randomUUID()).get(PATH + "/" + id).then().statusCode(404);
            as(UUID.randomUUID()).get(PATH + "/" + id + "/archive").then().statusCode(404);

            // The link expires: the archive is gone and its slices leave the store
            execute("UPDATE rights_request SET archive_expires_at = now() - interval '1 second' WHERE id = ?::uuid", id);
            as(person).get(PATH + "/" + id + "/archive").then().statusCode(410);
            assertTrue(deadlines.expireArchives() >= 1);
            Claim claimOfA = new Claim("privacy/" + id + "/test-holder-a.json", small.length, ClaimChecks.sha256(small));
            assertThrows(ClaimChecks.ClaimCheckException.class, () -> store.fetch(claimOfA));
        }
    }

    @Test
    void erasureIsCheckedAgainThenReceiptedWithASignatureAnyoneCanVerify() throws Exception {
        UUID person = UUID.randomUUID();
        try (StandInHolder a = new StandInHolder("test-holder-a", store);
                StandInHolder b = new StandInHolder("test-holder-b", store)) {
            a.announce();
            b.announce();
            // An erasure needs a fresh one-time code
            as(person).body(Map.of("kind", "ERASURE")).post(PATH).then().statusCode(401)
                    .body("type", equalTo(FreshVerification.STEP_UP_REQUIRED.toString()));
            given().header("Authorization", "Bearer "
                    + TestTokens.verifiedWithCodeAt(person, Instant.now().minus(Duration.ofMinutes(6))))
                    .contentType(ContentType.JSON).body(Map.of("kind", "ERASURE")).post(PATH).then().statusCode(401);
            String id = verified(person).body(Map.of("kind", "ERASURE")).post(PATH).then().statusCode(201)
                    .extract().path("id");
            verified(person).body(Map.of("kind", "ERASURE")).post(PATH).then().statusCode(409)
                    .body("detail", org.hamcrest.Matchers.containsString(id));

            for (StandInHolder holder : List.of(a, b)) {
                holder.awaitAsked(id, Kind.ERASURE, 1);
                holder.answerErasure(id, person.toString());
            }
            // Then every holder is asked whether anything erasable remains
            for (StandInHolder holder : List.of(a, b)) {
                holder.awaitAsked(id, Kind.ERASURE_CHECK, 1);
                holder.answerCheck(id, person.toString(), Map.of());
            }
            awaitStatus(person, id, "COMPLETED");

            String jws = given().get("/api/v1/privacy/receipts/" + id).then().statusCode(200).extract().path("jws");
            String jwks = given().get("/api/v1/privacy/receipt-keys").then().statusCode(200).extract().asString();
            JWSObject receipt = JWSObject.parse(jws);
            ECKey key = JWKSet.parse(jwks).getKeyByKeyId(receipt.getHeader().getKeyID()).toECKey();
            assertTrue(receipt.verify(new ECDSAVerifier(key)), "the receipt verifies against the published key");
            assertEquals("ES256", receipt.getHeader().getAlgorithm().getName());
            Map<String, Object> claims = receipt.getPayload().toJSONObject();
            assertEquals(person.toString(), claims.get("sub"));
            assertEquals(id, claims.get("jti"));
            JsonNode holders = StandInHolder.JSON.valueToTree(claims.get("holders"));
            assertEquals(3, holders.size(), "privacy-service and both stand-ins: " + holders);
            for (JsonNode holder : holders) {
                assertEquals(0, holder.get("remaining").size(), holder.toString());
            }
            JsonNode standIn = java.util.stream.StreamSupport.stream(holders.spliterator(), false)
                    .filter(h -> h.get("service").asText().equals("test-holder-a")).findFirst().orElseThrow();
            assertEquals(1, standIn.get("deleted").get("stand_in_profile").asInt());
            assertEquals(3, standIn.get("anonymised").get("stand_in_visit").asInt());
            assertEquals("network-log", standIn.get("kept").get(0).get("rule").asText());
            // A tampered receipt does not verify
            String[] parts = jws.split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    receipt.getPayload().toString().replace(person.toString(), UUID.randomUUID().toString())
                            .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            assertTrue(!JWSObject.parse(forged).verify(new ECDSAVerifier(key)));
        }
    }

    @Test
    void erasureWhoseCheckFindsDataIsErasedAgainAtThatHolderAndThenReceipted() throws Exception {
        UUID person = UUID.randomUUID();
        try (StandInHolder a = new StandInHolder("test-holder-a", store);
                StandInHolder b = new StandInHolder("test-holder-b", store)) {
            a.announce();
            b.announce();
            String id = verified(person).body(Map.of("kind", "ERASURE")).post(PATH).then().statusCode(201)
                    .extract().path("id");
            for (StandInHolder holder : List.of(a, b)) {
                holder.awaitAsked(id, Kind.ERASURE, 1);
                holder.answerErasure(id, person.toString());
            }
            // An event still in flight rebuilt a's read model after its erasure: its check finds the person again
            a.awaitAsked(id, Kind.ERASURE_CHECK, 1);
            a.answerCheck(id, person.toString(), Map.of("stand_in_profile.nickname", 1L));
            b.awaitAsked(id, Kind.ERASURE_CHECK, 1);
            b.answerCheck(id, person.toString(), Map.of());

            a.awaitAsked(id, Kind.ERASURE, 2);
            a.answerErasure(id, person.toString());
            a.awaitAsked(id, Kind.ERASURE_CHECK, 2);
            a.answerCheck(id, person.toString(), Map.of());

            awaitStatus(person, id, "COMPLETED");
            given().get("/api/v1/privacy/receipts/" + id).then().statusCode(200);
            assertEquals(1, b.asksWithin(java.time.Duration.ofSeconds(1), id, Kind.ERASURE).size(),
                    "only the holder that still had data is asked again");
        }
    }

    @Test
    void erasureWhoseChecksKeepFindingDataNeedsAttentionAndIsNotReceipted() throws Exception {
        UUID person = UUID.randomUUID();
        try (StandInHolder a = new StandInHolder("test-holder-a", store);
                StandInHolder b = new StandInHolder("test-holder-b", store)) {
            a.announce();
            b.announce();
            String id = verified(person).body(Map.of("kind", "ERASURE")).post(PATH).then().statusCode(201)
                    .extract().path("id");
            for (StandInHolder holder : List.of(a, b)) {
                holder.awaitAsked(id, Kind.ERASURE, 1);
                holder.answerErasure(id, person.toString());
            }
            // %test: two rounds, then an operator's attention
            a.awaitAsked(id, Kind.ERASURE_CHECK, 1);
            a.answerCheck(id, person.toString(), Map.of("stand_in_profile.nickname", 1L));
            b.awaitAsked(id, Kind.ERASURE_CHECK, 1);
            b.answerCheck(id, person.toString(), Map.of());
            a.awaitAsked(id, Kind.ERASURE, 2);
            a.answerErasure(id, person.toString());
            a.awaitAsked(id, Kind.ERASURE_CHECK, 2);
            a.answerCheck(id, person.toString(), Map.of("stand_in_profile.nickname", 1L));
            awaitStatus(person, id, "NEEDS_ATTENTION");
            given().get("/api/v1/privacy/receipts/" + id).then().statusCode(404);
            // An operator has the holder erase again
            given().header("Authorization", "Bearer " + Operators.privacyOperatorToken())
                    .post("/api/v1/privacy/operator/requests/" + id + "/retry").then().statusCode(200)
                    .body("status", equalTo("IN_PROGRESS"));
            a.awaitAsked(id, Kind.ERASURE, 3);
        }
    }

    @Test
    void aHolderThatNeverAnswersFailsAndOperatorsAskAgain() throws Exception {
        UUID person = UUID.randomUUID();
        try (StandInHolder a = new StandInHolder("test-holder-a", store);
                StandInHolder b = new StandInHolder("test-holder-b", store)) {
            a.announce();
            String id = as(person).body(Map.of("kind", "ACCESS")).post(PATH).then().statusCode(201).extract().path("id");
            a.awaitAsked(id, Kind.ACCESS, 1);
            a.answerAccess(id, person.toString(), "{}".getBytes(StandardCharsets.UTF_8));
            // test-holder-b never announced and never answers: asked max-attempts (4) times, then FAILED
            Awaitility.await().atMost(WAIT).until(() -> "FAILED".equals(holderState(
                    as(person).get(PATH + "/" + id).then().extract().jsonPath(), "test-holder-b", "ACCESS")));
            assertEquals("IN_PROGRESS", as(person).get(PATH + "/" + id).then().extract().path("status"));
            int asks = b.asksWithin(Duration.ofSeconds(1), id, Kind.ACCESS).size();
            assertEquals(4, asks, "asked exactly max-attempts times");
            given().header("Authorization", "Bearer " + Operators.privacyOperatorToken())
                    .post("/api/v1/privacy/operator/requests/" + id + "/retry").then().statusCode(200);
            b.awaitAsked(id, Kind.ACCESS, 5);
            b.answerAccess(id, person.toString(), "{}".getBytes(StandardCharsets.UTF_8));
            awaitStatus(person, id, "COMPLETED");
        }
    }

    @Test
    void aCancellationOpensOneErasureHoweverOftenItIsDelivered() throws Exception {
        UUID person = UUID.randomUUID();
        String erasure = UUID.randomUUID().toString();
        Map<String, Object> cancelled = Map.of("accountId", person.toString(), "requestedAt", Instant.now().toString(),
                "erasureRequestId", erasure);
        try (AccountEventsProducer account = new AccountEventsProducer()) {
            account.send("account.events", Cancellations.CANCELLATION_REQUESTED, person.toString(), cancelled);
            account.send("account.events", Cancellations.CANCELLATION_REQUESTED, person.toString(), cancelled);
        }
        Awaitility.await().atMost(WAIT).until(() -> count("SELECT count(*) FROM rights_request WHERE subject_id = ?::uuid",
                person.toString()) >= 1);
        Thread.sleep(2000);
        as(person).get(PATH).then().statusCode(200).body("requests.size()", equalTo(1))
                .body("requests[0].kind", equalTo("ERASURE")).body("requests[0].origin", equalTo("CANCELLATION"))
                .body("requests[0].id", equalTo(erasure));
    }

    @Test
    void correctionsAndConsentWithdrawals() {
        UUID person = UUID.randomUUID();
        String id = as(person).body(Map.of("kind", "CORRECTION", "details", "我的出生日期应为 1990-01-02"))
                .post(PATH).then().statusCode(201).body("status", equalTo("IN_PROGRESS")).extract().path("id");
        String operator = Operators.privacyOperatorToken();
        given().header("Authorization", "Bearer " + operator).contentType(ContentType.JSON)
                .body(Map.of("corrected", true)).post("/api/v1/privacy/operator/requests/" + id + "/resolution")
                .then().statusCode(400).body("errors[0].field", equalTo("resolution"));
        given().header("Authorization", "Bearer " + operator).contentType(ContentType.JSON)
                .body(Map.of("corrected", true, "resolution", "birth date corrected"))
                .post("/api/v1/privacy/operator/requests/" + id + "/resolution").then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
        given().header("Authorization", "Bearer " + operator).contentType(ContentType.JSON)
                .body(Map.of("corrected", false, "resolution", "again"))
                .post("/api/v1/privacy/operator/requests/" + id + "/resolution").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("COMPLETED"));

        as(person).body(Map.of("kind", "CONSENT_WITHDRAWAL", "purpose", "analytics")).post(PATH).then()
                .statusCode(201).body("status", equalTo("COMPLETED"));
        as(person).get("/api/v1/privacy/consents").then().statusCode(200)
                .body("purposes.find { it.purpose == 'analytics' }.granted", equalTo(false));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        UUID person = UUID.randomUUID();
        as(person).body(Map.of()).post(PATH).then().statusCode(400).body("errors[0].field", equalTo("kind"));
        as(person).body(Map.of("kind", "DELETE_EVERYTHING")).post(PATH).then().statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        as(person).body(Map.of("kind", "CORRECTION")).post(PATH).then().statusCode(400)
                .body("errors[0].field", equalTo("details"));
        as(person).body(Map.of("kind", "CONSENT_WITHDRAWAL", "purpose", "nope")).post(PATH).then().statusCode(400)
                .body("errors[0].field", equalTo("purpose"));
        as(person).get(PATH + "/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().get(PATH).then().statusCode(401);
        // Operators only
        as(person).get("/api/v1/privacy/operator/requests").then().statusCode(403);
        given().header("Authorization", "Bearer " + Operators.privacyOperatorToken())
                .get("/api/v1/privacy/operator/requests?due=yesterday").then().statusCode(400)
                .body("errors[0].field", equalTo("due"));
    }

    @Test
    void requestsPastTheirDueDateAreCountedAndListed() {
        UUID person = UUID.randomUUID();
        String id = as(person).body(Map.of("kind", "CORRECTION", "details", "old address")).post(PATH).then()
                .statusCode(201).extract().path("id");
        // 15 working days from today, on the shipped calendar
        JsonPath view = as(person).get(PATH + "/" + id).then().extract().jsonPath();
        execute("UPDATE rights_request SET due_on = current_date - 1 WHERE id = ?::uuid", id);
        deadlines.countDeadlines();
        String metrics = given().port(managementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("huiketang_privacy_requests_overdue ")
                && Double.parseDouble(l.substring(l.indexOf(' ') + 1)) >= 1), metrics);
        given().header("Authorization", "Bearer " + Operators.privacyOperatorToken())
                .get("/api/v1/privacy/operator/requests?due=overdue").then().statusCode(200)
                .body("requests.id", hasItems(id));
        as(person).get(PATH + "/" + id).then().body("overdue", equalTo(true));
        assertTrue(view.getString("dueOn") != null);
    }

    private static int managementPort() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class);
    }

    private static io.restassured.specification.RequestSpecification as(UUID person) {
        return given().header("Authorization", "Bearer " + TestTokens.person(person)).contentType(ContentType.JSON);
    }

    private static io.restassured.specification.RequestSpecification verified(UUID person) {
        return given().header("Authorization", "Bearer " + TestTokens.verifiedWithCodeAt(person, Instant.now()))
                .contentType(ContentType.JSON);
    }

    private static void awaitStatus(UUID person, String id, String status) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(as(person).get(PATH + "/" + id).then().extract().path("status")));
    }

    private static String holderState(JsonPath view, String service, String stage) {
        List<Map<String, Object>> holders = view.getList("holders");
        return holders.stream().filter(h -> service.equals(h.get("service")) && stage.equals(h.get("stage")))
                .map(h -> (String) h.get("state")).findFirst().orElse(null);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private long count(String sql, String param) throws Exception {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql)) {
            select.setString(1, param);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql, String param) {
        try (var connection = dataSource.getConnection(); var update = connection.prepareStatement(sql)) {
            update.setString(1, param);
            update.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
