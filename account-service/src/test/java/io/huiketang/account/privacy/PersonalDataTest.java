package io.huiketang.account.privacy;

import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.lastCodeSentTo;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.Mailbox;
import io.huiketang.account.wechat.WeChatStandIn;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The privacy protocol end to end, as privacy-service will drive it over the real broker: an
 * access request answered with everything this service holds on the person, then an erasure
 * answered with a receipt, after which the database holds nothing personal about them.
 */
@QuarkusTest
class PersonalDataTest {

    private static final URI PRIVACY_SERVICE = URI.create("/huiketang/privacy-service");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void accessThenErasureOfAPersonWithEveryKindOfData() throws Exception {
        // A child registered with WeChat, then a guardian's consent, then an e-mail address
        String user = WeChatStandIn.newUser();
        String phone = newPhone();
        String guardian = newPhone();
        String email = Mailbox.newAddress();
        String birthDate = LocalDate.now().minusYears(12).toString();
        String ticket = given().contentType(ContentType.JSON).body(Map.of("code", WeChatStandIn.codeFor(user)))
                .when().post("/api/v1/accounts/wechat/logins").then().statusCode(202)
                .extract().jsonPath().getString("registrationTicket");
        JsonPath registered = given().contentType(ContentType.JSON).body(Map.of("registrationTicket", ticket,
                "phone", phone, "code", requestCode(phone), "policyVersion", "2023-05-16", "birthDate", birthDate))
                .when().post("/api/v1/accounts/wechat/registrations").then().statusCode(201).extract().jsonPath();
        String accountId = registered.getString("accountId");
        String access = consentAsGuardian(registered.getString("tokens.accessToken"), guardian);
        authorised(access).body(Map.of("email", email)).when().post("/api/v1/accounts/me/email/codes")
                .then().statusCode(202);
        authorised(access).body(Map.of("email", email, "code", Mailbox.lastCodeSentTo(email)))
                .when().post("/api/v1/accounts/me/email").then().statusCode(200);

        JsonNode export = answer(accountId, Kind.ACCESS, a -> a.path("export").path("account").path("id")
                .asText().equals(accountId)).get("export");
        assertEquals(phone, export.get("account").get("phone").asText());
        assertEquals(WeChatStandIn.nicknameOf(user), export.get("account").get("displayName").asText());
        assertEquals(email, export.get("account").get("email").asText());
        assertEquals(birthDate, export.get("account").get("birthDate").asText());
        assertEquals(WeChatStandIn.openidOf(user), export.get("wechatIdentity").get("openid").asText());
        assertEquals(WeChatStandIn.unionidOf(user), export.get("wechatIdentity").get("unionid").asText());
        assertEquals("Hangzhou", export.get("wechatIdentity").get("city").asText());
        assertEquals(guardian, export.get("guardianConsent").get("guardianPhone").asText());
        assertEquals("WECHAT", export.get("sessions").get(0).get("authMethod").asText());
        assertTrue(export.get("sessions").get(0).get("refreshTokens").size() >= 2);

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            JsonNode receipt = answer(accountId, Kind.ERASURE,
                    a -> a.path("receipt").path("affected").path("account").asInt() == 1).get("receipt");
            assertEquals(1, receipt.get("affected").get("wechat_identity").asInt());
            assertEquals(1, receipt.get("affected").get("guardian_consent").asInt());
            assertEquals(1, receipt.get("affected").get("session").asInt());
            assertTrue(receipt.get("affected").get("refresh_token").asInt() >= 2);

            ConsumedEvent deleted = events.readUntil(rs -> rs.stream().anyMatch(r -> accountId.equals(r.key())
                    && new String(r.value()).contains(AccountEvents.ACCOUNT_DELETED)), WAIT).stream()
                    .filter(r -> accountId.equals(r.key())).map(PublishedEvents::assertValid)
                    .filter(e -> e.type().equals(AccountEvents.ACCOUNT_DELETED)).findFirst().orElseThrow();
            assertEquals(accountId, deleted.data().get("accountId").asText());
        }

        Map<String, String> account = row("SELECT display_name, phone_cipher, phone_hash, email, email_verified, "
                + "avatar_url, birth_date_cipher, status FROM account WHERE id = ?::uuid", accountId);
        assertEquals("已注销用户", account.get("display_name"));
        assertNull(account.get("phone_cipher"));
        assertNull(account.get("phone_hash"));
        assertNull(account.get("email"));
        assertEquals("f", account.get("email_verified"));
        assertNull(account.get("avatar_url"));
        assertNull(account.get("birth_date_cipher"));
        assertEquals("CANCELLED", account.get("status"));
        for (String table : new String[] { "session", "guardian_consent", "wechat_identity" }) {
            assertEquals("0", row("SELECT count(*) AS n FROM " + table + " WHERE account_id = ?::uuid", accountId)
                    .get("n"), table);
        }
        assertEquals("0", row("SELECT count(*) AS n FROM refresh_token t JOIN session s ON s.id = t.session_id "
                + "WHERE s.account_id = ?::uuid", accountId).get("n"));

        given().header("Authorization", "Bearer " + access).when().get("/api/v1/accounts/me").then().statusCode(401);
        // The number is free again
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", requestCode(phone)))
                .when().post("/api/v1/accounts/logins").then().statusCode(404);
    }

    @Test
    void requestsForSomeoneUnknownAreAnsweredEmpty() throws Exception {
        String stranger = UUID.randomUUID().toString();
        JsonNode export = answer(stranger, Kind.ACCESS, a -> true).get("export");
        assertTrue(export.get("account").isNull());
        assertEquals(0, export.get("sessions").size());
        JsonNode receipt = answer("not-an-account-id", Kind.ERASURE, a -> true).get("receipt");
        assertEquals(0, receipt.get("affected").size());
        assertFalse(receipt.get("legalHolds").elements().hasNext());
    }

    private static String consentAsGuardian(String childAccess, String guardian) {
        authorised(childAccess).body(Map.of("guardianPhone", guardian))
                .when().post("/api/v1/accounts/me/guardian-consent/codes").then().statusCode(202);
        return authorised(childAccess).body(Map.of("guardianPhone", guardian, "code", lastCodeSentTo(guardian)))
                .when().post("/api/v1/accounts/me/guardian-consent").then().statusCode(200)
                .extract().jsonPath().getString("accessToken");
    }

    private static io.restassured.specification.RequestSpecification authorised(String access) {
        return fromAnyAddress().header("Authorization", "Bearer " + access).contentType(ContentType.JSON);
    }

    /**
     * Publishes a request as privacy-service does and returns this service's answer. Other
     * account-service instances on the same broker (parallel test runs) answer too, from their own
     * databases: {@code ours} picks the answer that comes from this one.
     */
    private static JsonNode answer(String subject, Kind kind, java.util.function.Predicate<JsonNode> ours)
            throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        try (TopicReader replies = TopicReader.fromNow(PrivacyProtocol.REPLIES_TOPIC);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "privacy-request-test"))) {
            String request = EventEnvelope.toJson(UUID.randomUUID(), PRIVACY_SERVICE, PrivacyProtocol.REQUEST_OPENED,
                    requestId, OffsetDateTime.now(ZoneOffset.UTC),
                    JSON.valueToTree(new RequestOpened(requestId, subject, kind)));
            producer.send(new ProducerRecord<>(PrivacyProtocol.REQUESTS_TOPIC, requestId, request))
                    .get(10, TimeUnit.SECONDS);
            return replies.readUntil(rs -> rs.stream().filter(r -> requestId.equals(r.key()))
                    .map(r -> readable(PublishedEvents.assertValid(r).data())).anyMatch(ours), WAIT).stream()
                    .filter(r -> requestId.equals(r.key())).map(r -> readable(PublishedEvents.assertValid(r).data()))
                    .filter(ours).findFirst().orElseThrow();
        }
    }

    /**
     * The answer as the tests read it: the claim-checked slice fetched from the store into {@code export}, and
     * the receipt's deleted and anonymised rows together as {@code receipt.affected}, its kept items as
     * {@code receipt.legalHolds}.
     */
    private static JsonNode readable(JsonNode answer) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = answer.deepCopy();
        JsonNode claim = answer.path("exportClaim");
        if (claim.isObject()) {
            byte[] slice = io.quarkus.arc.Arc.container().instance(io.huiketang.kit.claimcheck.ClaimChecks.class).get()
                    .fetch(new io.huiketang.kit.claimcheck.Claim(claim.get("objectKey").asText(),
                            claim.get("size").asLong(), claim.get("sha256").asText()));
            try {
                copy.set("export", JSON.readTree(slice));
            } catch (java.io.IOException e) {
                throw new AssertionError("the slice is JSON", e);
            }
        }
        JsonNode receipt = answer.path("receipt");
        if (receipt.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode affected = JSON.createObjectNode();
            affected.setAll((com.fasterxml.jackson.databind.node.ObjectNode) receipt.get("deleted"));
            affected.setAll((com.fasterxml.jackson.databind.node.ObjectNode) receipt.get("anonymised"));
            com.fasterxml.jackson.databind.node.ObjectNode readableReceipt = receipt.deepCopy();
            readableReceipt.set("affected", affected);
            readableReceipt.set("legalHolds", receipt.get("kept"));
            copy.set("receipt", readableReceipt);
        }
        return copy;
    }

    private Map<String, String> row(String sql, String id) throws Exception {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql)) {
            select.setString(1, id);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                Map<String, String> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                return row;
            }
        }
    }
}
