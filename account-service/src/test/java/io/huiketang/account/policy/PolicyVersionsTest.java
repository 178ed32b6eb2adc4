package io.huiketang.account.policy;

import static io.huiketang.account.support.AccountTestClient.POLICY;
import static io.huiketang.account.support.AccountTestClient.claims;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.refresh;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.PolicyTopic;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Policy versions owned by privacy-service (PRV-2), end to end over the real broker: a published
 * version becomes current when effective; people who accepted an older one are told at their next
 * use (profile, token refresh, a token claim), refused a defined set of actions until they accept,
 * and their acceptance is published for the ledger.
 */
@QuarkusTest
@QuarkusTestResource(PolicyTopic.class)
class PolicyVersionsTest {

    private static final URI PRIVACY_SERVICE = URI.create("/huiketang/privacy-service");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUIRED = "https://huiketang.io/problems/policy-acceptance-required";

    @BeforeEach
    @AfterEach
    void onlyTheBootstrapVersion() {
        // Versions are global: every other test expects the bootstrap one to be current
        QuarkusTransaction.requiringNew().run(() -> PolicyVersion.deleteAll());
    }

    @Test
    void aNewVersionIsAskedAgainAtTheNextUseAndGatesTheDefinedActionsUntilAccepted() throws Exception {
        JsonPath registered = registerAdult(newPhone());
        String accountId = registered.getString("accountId");
        String access = registered.getString("tokens.accessToken");
        me(access).then().statusCode(200).body("policy.acceptedVersion", equalTo(POLICY))
                .body("policy.currentVersion", equalTo(POLICY)).body("policy.acceptanceRequired", equalTo(false));
        String enterpriseId = Enterprises.create(access, "旧版企业").getString("id");

        String version = newVersion();
        String digest = sha256("隐私政策 " + version);
        publish(version, Instant.now().minusSeconds(60), digest, true);
        awaitCurrent(access, version);

        me(access).then().statusCode(200).body("policy.acceptedVersion", equalTo(POLICY))
                .body("policy.currentVersion", equalTo(version)).body("policy.acceptanceRequired", equalTo(true));
        JsonPath refreshed = refresh(registered.getString("tokens.refreshToken")).then().statusCode(200)
                .body("policy.acceptedVersion", equalTo(POLICY)).body("policy.currentVersion", equalTo(version))
                .body("policy.acceptanceRequired", equalTo(true)).extract().jsonPath();
        String stale = refreshed.getString("accessToken");
        assertEquals(true, claims(stale).getBoolean("policy_acceptance_required"));
        assertEquals(version, claims(stale).getString("policy_version_required"));

        // The defined set: creating an enterprise, inviting (one by one or by import)
        createEnterprise(stale).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(REQUIRED)).body("detail", containsString(version));
        authorised(stale).body(Map.of("phone", newPhone()))
                .when().post("/api/v1/enterprises/" + enterpriseId + "/invitations")
                .then().statusCode(403).body("type", equalTo(REQUIRED));
        given().header("Authorization", "Bearer " + stale).contentType("text/csv").body("name,mobile\n甲," + newPhone())
                .queryParam("consentObtained", true).queryParam("fieldsNecessary", true)
                .queryParam("fields", "name,mobile").queryParam("purpose", "meetings")
                .when().post("/api/v1/enterprises/" + enterpriseId + "/member-imports")
                .then().statusCode(403).body("type", equalTo(REQUIRED));
        // Never refused: reading one's own data, and (below) accepting
        me(stale).then().statusCode(200);
        given().header("Authorization", "Bearer " + stale).when().get("/api/v1/enterprises/" + enterpriseId)
                .then().statusCode(200);

        accept(stale, POLICY).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("version"));
        accept(stale, "").then().statusCode(400).body("errors[0].field", equalTo("version"));

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            JsonPath accepted = accept(stale, version).then().statusCode(200)
                    .body("policy.acceptedVersion", equalTo(version)).body("policy.acceptanceRequired", equalTo(false))
                    .body("tokens.policy.acceptanceRequired", equalTo(false)).extract().jsonPath();
            String fresh = accepted.getString("tokens.accessToken");
            assertNull(claims(fresh).get("policy_acceptance_required"));

            ConsumedEvent event = acceptance(events, accountId);
            assertEquals(version, event.data().get("policyVersion").asText());
            assertEquals("REACCEPTANCE", event.data().get("channel").asText());
            assertEquals(claims(stale).getString("sid"), event.data().get("evidence").get("sessionId").asText());
            assertEquals("PHONE", event.data().get("evidence").get("authMethod").asText());
            assertEquals(digest, event.data().get("evidence").get("textSha256").asText());

            me(fresh).then().statusCode(200).body("policy.acceptanceRequired", equalTo(false));
            createEnterprise(fresh).then().statusCode(201);
            authorised(fresh).body(Map.of("phone", newPhone()))
                    .when().post("/api/v1/enterprises/" + enterpriseId + "/invitations").then().statusCode(201);
            // The refresh token held before acceptance was spent by it
            refresh(refreshed.getString("refreshToken")).then().statusCode(401);
        }
    }

    @Test
    void registrationRequiresThePublishedCurrentVersionAndPublishesItsChannelAndEvidence() throws Exception {
        String observer = registerAdult(newPhone()).getString("tokens.accessToken");
        String version = newVersion();
        String digest = sha256("政策 " + version);
        publish(version, Instant.now().minusSeconds(5), digest, true);
        awaitCurrent(observer, version);

        String phone = newPhone();
        register(phone, requestCode(phone), POLICY).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("policyVersion")).body("detail", containsString(version));
        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            JsonPath registered = register(phone, requestCode(phone), version).then().statusCode(201)
                    .body("tokens.policy.acceptedVersion", equalTo(version))
                    .body("tokens.policy.acceptanceRequired", equalTo(false)).extract().jsonPath();
            ConsumedEvent event = acceptance(events, registered.getString("accountId"));
            assertEquals("REGISTRATION", event.data().get("channel").asText());
            assertEquals("PHONE", event.data().get("evidence").get("authMethod").asText());
            assertEquals(digest, event.data().get("evidence").get("textSha256").asText());
            assertFalse(event.data().get("evidence").has("sessionId"));
        }
    }

    @Test
    void aVersionNotYetEffectiveOrOneThatNeedsNoReacceptanceLeavesTheCurrentOneAsItIs() throws Exception {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        String future = newVersion();
        String editorial = newVersion();
        publish(future, Instant.now().plus(Duration.ofDays(30)), sha256(future), true);
        publish(editorial, Instant.now().minusSeconds(5), sha256(editorial), false);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PolicyVersion.count("version in ?1", List.of(future, editorial)) == 2));

        me(access).then().statusCode(200).body("policy.currentVersion", equalTo(POLICY))
                .body("policy.acceptanceRequired", equalTo(false));
        createEnterprise(access).then().statusCode(201);
    }

    @Test
    void anOlderPublicationOfAVersionNeverReplacesANewerOne() throws Exception {
        String access = registerAdult(newPhone()).getString("tokens.accessToken");
        String version = newVersion();
        Instant later = Instant.now().minusSeconds(10);
        // Published effective now, then corrected to next month: the correction arrives first
        publish(version, Instant.now().plus(Duration.ofDays(30)), sha256(version), true, later);
        publish(version, Instant.now().minusSeconds(60), sha256(version), true, later.minusSeconds(60));
        String marker = newVersion();
        publish(marker, Instant.now().plus(Duration.ofDays(60)), sha256(marker), true, later);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PolicyVersion.findById(marker) != null));

        me(access).then().statusCode(200).body("policy.currentVersion", equalTo(POLICY));
    }

    private static String newVersion() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void publish(String version, Instant effectiveAt, String digest, boolean reaccept) throws Exception {
        publish(version, effectiveAt, digest, reaccept, Instant.now());
    }

    /** As privacy-service publishes a version: keyed by the version, on the policy topic. */
    private static void publish(String version, Instant effectiveAt, String digest, boolean reaccept,
            Instant publishedAt) throws Exception {
        String topic = ConfigProvider.getConfig().getValue(PolicyTopic.PROPERTY, String.class);
        JsonNode data = JSON.valueToTree(new PolicyPublishedHandler.PolicyPublished(version, effectiveAt.toString(),
                publishedAt.toString(), digest, reaccept));
        // What privacy-service must send: the schema in platform-kit
        EventSchemas.requireValid(PolicyPublishedHandler.POLICY_PUBLISHED, data);
        String event = EventEnvelope.toJson(UUID.randomUUID(), PRIVACY_SERVICE, PolicyPublishedHandler.POLICY_PUBLISHED,
                version, OffsetDateTime.now(ZoneOffset.UTC), data);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "policy-test"))) {
            producer.send(new ProducerRecord<>(topic, version, event)).get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitCurrent(String access, String version) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> version.equals(me(access).then().statusCode(200).extract().path("policy.currentVersion")));
    }

    private static ConsumedEvent acceptance(TopicReader events, String accountId) {
        return events.readUntil(rs -> rs.stream().filter(r -> accountId.equals(r.key()))
                .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(AccountEvents.POLICY_ACCEPTED)),
                Duration.ofSeconds(30)).stream().filter(r -> accountId.equals(r.key()))
                .map(PublishedEvents::assertValid).filter(e -> e.type().equals(AccountEvents.POLICY_ACCEPTED))
                .findFirst().orElseThrow();
    }

    private static Response register(String phone, String code, String version) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code,
                "displayName", "新用户", "policyVersion", version, "ageBracket", "ADULT"))
                .when().post("/api/v1/accounts/registrations");
    }

    private static Response createEnterprise(String access) {
        return authorised(access).body(Map.of("name", "新企业", "creditCode", Enterprises.newCreditCode(),
                "contact", Map.of("name", "王经理", "phone", newPhone())))
                .when().post("/api/v1/enterprises");
    }

    private static Response accept(String access, String version) {
        return authorised(access).body(Map.of("version", version)).when().post("/api/v1/accounts/me/policy-acceptances");
    }

    private static Response me(String access) {
        return given().header("Authorization", "Bearer " + access).when().get("/api/v1/accounts/me");
    }

    private static io.restassured.specification.RequestSpecification authorised(String access) {
        return given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
