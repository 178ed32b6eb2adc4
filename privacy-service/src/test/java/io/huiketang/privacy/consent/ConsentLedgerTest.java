package io.huiketang.privacy.consent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.privacy.support.AccountEventsProducer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The consent ledger (PRV-2): policy acceptances consumed from account.events, per-purpose consents
 * given and withdrawn by the person, announced on privacy.events, history kept append-only.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class ConsentLedgerTest {

    static final String PATH = "/api/v1/privacy/consents";
    static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPolicyAcceptanceFromAccountServiceEntersTheLedgerOnce() throws Exception {
        UUID person = UUID.randomUUID();
        String token = TestTokens.person(person);
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("accountId", person.toString());
        accepted.put("policyVersion", "2023-05-16");
        accepted.put("acceptedAt", "2026-01-02T03:04:05Z");
        // Fields a later version of the event may carry: kept when plainly ids, unknown ones ignored
        accepted.put("channel", "APP");
        accepted.put("evidence", "session:7f1d2c3b-aaaa-bbbb-cccc-000000000001");
        accepted.put("somethingNew", 42);
        UUID eventId;
        try (AccountEventsProducer account = new AccountEventsProducer()) {
            eventId = account.send("account.events", PolicyAcceptances.POLICY_ACCEPTED, person.toString(), accepted);
            // A redelivery of the same event is not a second acceptance (platform-kit's inbox); another
            // event of the stream is ignored
            account.send("account.events", "huiketang.account.account-updated.v1", person.toString(),
                    Map.of("accountId", person.toString(), "status", "ACTIVE", "changed", List.of("status"),
                            "updatedAt", "2026-01-02T03:05:00Z"));
        }

        await().atMost(WAIT).untilAsserted(() -> get(token, PATH).statusCode(200)
                .body("policy.version", equalTo("2023-05-16"))
                .body("policy.acceptedAt", equalTo("2026-01-02T03:04:05Z")));
        get(token, PATH + "/history").statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].kind", equalTo("POLICY"))
                .body("entries[0].policyVersion", equalTo("2023-05-16"))
                .body("entries[0].granted", equalTo(true))
                .body("entries[0].channel", equalTo("APP"))
                .body("entries[0].evidence",
                        equalTo("event:" + eventId + " session:7f1d2c3b-aaaa-bbbb-cccc-000000000001"))
                .body("entries[0].purpose", nullValue());
    }

    @Test
    void evidenceReportedByAnotherServiceIsKeptOnlyWhenItIsPlainlyAnId() throws Exception {
        UUID person = UUID.randomUUID();
        try (AccountEventsProducer account = new AccountEventsProducer()) {
            account.send("account.events", PolicyAcceptances.POLICY_ACCEPTED, person.toString(),
                    Map.of("accountId", person.toString(), "policyVersion", "2023-05-16",
                            "acceptedAt", "2026-01-02T03:04:05Z", "channel", "from 203.0.113.9",
                            "evidence", "ip=203.0.113.9"));
            account.send("account.events", PolicyAcceptances.POLICY_ACCEPTED, person.toString(),
                    Map.of("accountId", person.toString(), "policyVersion", "2027-01-01",
                            "acceptedAt", "2026-02-02T03:04:05Z", "evidence", "phone:13800138000"));
        }
        String token = TestTokens.person(person);
        await().atMost(WAIT).untilAsserted(() -> get(token, PATH + "/history").body("entries", hasSize(2)));
        JsonPath history = get(token, PATH + "/history").extract().jsonPath();
        // Newest first
        assertEquals(List.of("2027-01-01", "2023-05-16"), history.getList("entries.policyVersion"));
        for (String evidence : history.<String>getList("entries.evidence")) {
            assertTrue(evidence.matches("event:[0-9a-f-]{36}"), evidence);
        }
        assertEquals(null, history.getString("entries[1].channel"));
        get(token, PATH).body("policy.version", equalTo("2027-01-01"));
    }

    @Test
    void withoutAChoiceEachPurposeShowsItsDefault() {
        UUID person = UUID.randomUUID();
        JsonPath consents = get(TestTokens.person(person), PATH).statusCode(200).extract().jsonPath();
        assertEquals(null, consents.getMap("policy"));
        assertEquals(List.of("marketing-sms", "marketing-calls", "analytics", "survey-calls"),
                consents.getList("purposes.purpose"));
        // Marketing is opt-in (PRV-3); analytics is covered by the accepted policy until withdrawn
        assertEquals(List.of(false, false, true, false), consents.getList("purposes.granted"));
        assertEquals(List.of(true, true, true, true), consents.getList("purposes.byDefault"));
        assertEquals("营销短信", consents.get("purposes[0].labelZh"));
        assertEquals("User research calls", consents.get("purposes[3].labelEn"));
        get(TestTokens.person(person), PATH + "/history").statusCode(200).body("entries", hasSize(0));
    }

    @Test
    void givingAndWithdrawingConsentAppendsToTheLedgerAndIsAnnounced() throws Exception {
        UUID person = UUID.randomUUID();
        String token = TestTokens.person(person);
        try (AccountEventsProducer account = new AccountEventsProducer()) {
            account.send("account.events", PolicyAcceptances.POLICY_ACCEPTED, person.toString(),
                    Map.of("accountId", person.toString(), "policyVersion", "2023-05-16",
                            "acceptedAt", Instant.now().toString()));
        }
        await().atMost(WAIT).untilAsserted(() -> get(token, PATH).body("policy.version", equalTo("2023-05-16")));

        try (TopicReader events = TopicReader.fromNow(PrivacyProtocol.REQUESTS_TOPIC)) {
            given().auth().oauth2(token).header("X-Request-Id", "req-grant-1").contentType(ContentType.JSON)
                    .body(Map.of("granted", true, "channel", "APP")).when().put(PATH + "/marketing-sms").then()
                    .statusCode(200).body("changed", equalTo(true))
                    .body("consent.purpose", equalTo("marketing-sms")).body("consent.granted", equalTo(true))
                    .body("consent.byDefault", equalTo(false)).body("consent.channel", equalTo("APP"))
                    .body("consent.policyVersion", equalTo("2023-05-16"));
            // The same choice again records nothing
            put(token, "marketing-sms", true, "WEB").statusCode(200).body("changed", equalTo(false))
                    .body("consent.channel", equalTo("APP"));
            given().auth().oauth2(token).header("X-Request-Id", "req-withdraw-1").contentType(ContentType.JSON)
                    .body(Map.of("granted", false, "channel", "web")).when().put(PATH + "/marketing-sms").then()
                    .statusCode(200).body("changed", equalTo(true)).body("consent.granted", equalTo(false));
            // Analytics withdrawn: the default (granted) no longer holds
            put(token, "analytics", false, "APP").statusCode(200).body("changed", equalTo(true));

            List<ConsumerRecord<String, byte[]>> records = events.readUntil(rs -> changesOf(rs, person).size() >= 3,
                    WAIT);
            List<ConsumedEvent> changes = changesOf(records, person);
            assertEquals(3, changes.size());
            assertEquals(List.of("marketing-sms:true", "marketing-sms:false", "analytics:false"), changes.stream()
                    .map(e -> e.data().get("purpose").asText() + ":" + e.data().get("granted").asBoolean()).toList());
            for (ConsumedEvent change : changes) {
                assertEquals(person.toString(), change.key());
                assertEquals("2023-05-16", change.data().get("policyVersion").asText());
                // Ids and states only: the event carries no request, session or address
                assertEquals(java.util.Set.of("accountId", "purpose", "granted", "policyVersion", "channel",
                        "changedAt"), java.util.Set.copyOf(iterable(change.data().fieldNames())));
            }
            assertEquals("WEB", changes.get(1).data().get("channel").asText());
        }

        JsonPath state = get(token, PATH).extract().jsonPath();
        assertEquals(List.of(false, false, false, false), state.getList("purposes.granted"));
        assertEquals(List.of(false, true, false, true), state.getList("purposes.byDefault"));

        JsonPath history = get(token, PATH + "/history").statusCode(200).extract().jsonPath();
        assertEquals(List.of("PURPOSE", "PURPOSE", "PURPOSE", "POLICY"), history.getList("entries.kind"));
        assertEquals(List.of("analytics", "marketing-sms", "marketing-sms"),
                history.getList("entries.purpose").subList(0, 3));
        assertEquals(List.of(false, false, true, true), history.getList("entries.granted"));
        String grantEvidence = history.getString("entries[2].evidence");
        assertTrue(grantEvidence.startsWith("request:req-grant-1 session:"), grantEvidence);
        assertTrue(grantEvidence.matches("request:req-grant-1 session:[0-9a-f-]{36}"), grantEvidence);
        assertTrue(history.getString("entries[1].evidence").startsWith("request:req-withdraw-1 "));
    }

    @Test
    void theLedgerIsAppendOnlyEvenForTheDatabaseUser() throws SQLException {
        UUID person = UUID.randomUUID();
        String token = TestTokens.person(person);
        put(token, "marketing-calls", true, "APP").statusCode(200);
        put(token, "marketing-calls", false, "APP").statusCode(200);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "UPDATE consent_ledger SET granted = true WHERE account_id = '" + person + "'"));
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "DELETE FROM consent_ledger WHERE account_id = '" + person + "'"));
        }
        // Withdrawal never removed the grant: both are there
        get(token, PATH + "/history").body("entries.granted", equalTo(List.of(false, true)));
    }

    @Test
    void aPersonSeesOnlyTheirOwnLedger() {
        UUID ada = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        put(TestTokens.person(ada), "marketing-sms", true, "APP").statusCode(200);
        get(TestTokens.person(bob), PATH + "/history").body("entries", hasSize(0));
        get(TestTokens.person(bob), PATH).body("purposes[0].granted", equalTo(false));
        get(TestTokens.person(ada), PATH).body("purposes[0].granted", equalTo(true));
    }

    @Test
    void aChildAwaitingItsGuardianCanWithdrawButNotGiveConsent() {
        UUID child = UUID.randomUUID();
        String token = TestTokens.childAwaitingConsent(child);
        put(token, "marketing-sms", true, "APP").statusCode(403).contentType("application/problem+json");
        put(token, "analytics", false, "APP").statusCode(200).body("changed", equalTo(true));
        get(token, PATH).statusCode(200).body("purposes[2].granted", equalTo(false));
        get(token, PATH + "/history").body("entries", hasSize(1));
    }

    @Test
    void badChoicesAreProblemsNamingTheField() {
        String token = TestTokens.person(UUID.randomUUID());
        put(token, "newsletters", true, "APP").statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("purpose")).body("detail", containsString("marketing-sms"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("channel", "APP")).when()
                .put(PATH + "/analytics").then().statusCode(400).body("errors[0].field", equalTo("granted"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("granted", false)).when()
                .put(PATH + "/analytics").then().statusCode(400).body("errors[0].field", equalTo("channel"));
        put(token, "analytics", false, "CARRIER_PIGEON").statusCode(400).body("errors[0].field", equalTo("channel"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"granted\": \"maybe\", \"channel\": \"APP\"}")
                .when().put(PATH + "/analytics").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).when().put(PATH + "/analytics").then()
                .statusCode(400).contentType("application/problem+json");
        // Nothing of that was recorded
        get(token, PATH + "/history").body("entries", hasSize(0));
    }

    @Test
    void withoutATokenNothingIsShownOrChanged() {
        given().when().get(PATH).then().statusCode(401).contentType("application/problem+json");
        given().when().get(PATH + "/history").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("granted", true, "channel", "APP")).when()
                .put(PATH + "/marketing-sms").then().statusCode(401).body("type", not(equalTo("")));
    }

    @Test
    void aConfiguredPurposeIsLikeABuiltInOne() {
        String token = TestTokens.person(UUID.randomUUID());
        put(token, "survey-calls", true, "WEB").statusCode(200).body("consent.labelZh", equalTo("用户调研电话"));
        get(token, PATH).body("purposes.findAll { it.granted }.purpose", hasItems("survey-calls", "analytics"));
    }

    static List<ConsumedEvent> changesOf(List<ConsumerRecord<String, byte[]>> records, UUID person) {
        return PublishedEvents.ofType(records, ConsentEvents.CONSENT_CHANGED).stream()
                .filter(e -> person.toString().equals(e.data().get("accountId").asText())).toList();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    static ValidatableResponse get(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then();
    }

    static ValidatableResponse put(String token, String purpose, boolean granted, String channel) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("granted", granted, "channel", channel)).when().put(PATH + "/" + purpose).then();
    }
}
