package io.huiketang.privacy.marketing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.privacy.support.Operators;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Marketing SMS campaigns (PRV-3): only to people whose latest marketing-sms choice is a grant, always with the opt-out. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class CampaignTest {

    static final String PATH = "/api/v1/privacy/marketing/campaigns";
    static final String OPT_OUT = "回复TD退订";

    @Test
    void aCampaignIsRequestedForEveryoneWhoConsentsNowAndNobodyElse() {
        UUID consenting = UUID.randomUUID();
        UUID withdrew = UUID.randomUUID();
        UUID neverAsked = UUID.randomUUID();
        UUID callsOnly = UUID.randomUUID();
        choose(consenting, "marketing-sms", true);
        choose(withdrew, "marketing-sms", true);
        choose(withdrew, "marketing-sms", false);
        choose(callsOnly, "marketing-calls", true);
        given().auth().oauth2(TestTokens.person(neverAsked)).when().get("/api/v1/privacy/consents").then()
                .statusCode(200);

        try (TopicReader events = TopicReader.fromNow(PrivacyProtocol.REQUESTS_TOPIC)) {
            JsonPath campaign = send(Map.of("text", "冬季会员特惠,年付八折", "purpose", "marketing-sms"))
                    .statusCode(201).body("text", equalTo("冬季会员特惠,年付八折 " + OPT_OUT))
                    .body("purpose", equalTo("marketing-sms")).extract().jsonPath();
            String id = campaign.getString("id");
            int recipients = campaign.getInt("recipients");

            List<ConsumedEvent> requested = events.readUntil(rs -> requestsOf(rs, id).size() >= recipients,
                    Duration.ofSeconds(60)).stream().map(PublishedEvents::assertValid)
                    .filter(e -> e.type().equals(MarketingEvents.MARKETING_SMS_REQUESTED))
                    .filter(e -> id.equals(e.data().get("campaignId").asText())).toList();
            Set<String> to = requested.stream().map(e -> e.data().get("accountId").asText()).collect(Collectors.toSet());
            assertEquals(recipients, requested.size(), "one request per recipient");
            assertTrue(to.contains(consenting.toString()));
            assertFalse(to.contains(withdrew.toString()), "a withdrawal is honoured");
            assertFalse(to.contains(neverAsked.toString()), "marketing is opt-in");
            assertFalse(to.contains(callsOnly.toString()), "consent to calls is no consent to SMS");
            for (ConsumedEvent event : requested) {
                assertEquals(event.data().get("accountId").asText(), event.key(), "keyed by the account");
                assertTrue(event.data().get("text").asText().endsWith(OPT_OUT));
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> operator().get(PATH + "/" + id).then()
                    .statusCode(200).body("status", equalTo("PUBLISHED")).body("pending", equalTo(0))
                    .body("recipients", equalTo(recipients)));
            operator().get(PATH).then().statusCode(200).body("campaigns.id", hasItem(id));
        }
    }

    @Test
    void aTextThatAlreadyHasTheOptOutKeepsItOnce() {
        send(Map.of("text", "新功能上线,回复TD退订。", "purpose", "marketing-sms")).statusCode(201)
                .body("text", equalTo("新功能上线,回复TD退订。"));
        send(Map.of("text", "  空白要去掉  ", "purpose", "marketing-sms")).statusCode(201)
                .body("text", endsWith("空白要去掉 " + OPT_OUT));
    }

    @Test
    void badCampaignsAreProblemsNamingTheField() {
        send(Map.of("purpose", "marketing-sms")).statusCode(400).body("errors[0].field", equalTo("text"));
        send(Map.of("text", " ", "purpose", "marketing-sms")).statusCode(400).body("errors[0].field", equalTo("text"));
        send(Map.of("text", "x".repeat(495), "purpose", "marketing-sms")).statusCode(400)
                .body("errors[0].field", equalTo("text"));
        send(Map.of("text", "hello")).statusCode(400).body("errors[0].field", equalTo("purpose"));
        send(Map.of("text", "hello", "purpose", "marketing-calls")).statusCode(400)
                .body("errors[0].field", equalTo("purpose"));
        operator().get(PATH + "/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        operator().get(PATH + "/not-an-id").then().statusCode(404);
    }

    @Test
    void onlyPrivacyOperatorsRunCampaigns() {
        Map<String, String> body = Map.of("text", "hello", "purpose", "marketing-sms");
        given().contentType(ContentType.JSON).body(body).when().post(PATH).then().statusCode(401);
        given().contentType(ContentType.JSON).auth().oauth2(TestTokens.person(UUID.randomUUID())).body(body).when()
                .post(PATH).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.person(UUID.randomUUID())).when().get(PATH).then().statusCode(403);
    }

    static List<ConsumedEvent> requestsOf(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> rs,
            String campaignId) {
        return rs.stream().map(r -> ConsumedEvent.parse(r.topic(), r.key(), r.value()))
                .filter(e -> e.type().equals(MarketingEvents.MARKETING_SMS_REQUESTED))
                .filter(e -> campaignId.equals(e.data().get("campaignId").asText())).toList();
    }

    static void choose(UUID person, String purpose, boolean granted) {
        given().auth().oauth2(TestTokens.person(person)).contentType(ContentType.JSON)
                .body(Map.of("granted", granted, "channel", "APP")).when().put("/api/v1/privacy/consents/" + purpose)
                .then().statusCode(200);
    }

    static ValidatableResponse send(Map<String, String> body) {
        return operator().contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    static io.restassured.specification.RequestSpecification operator() {
        return given().auth().oauth2(Operators.privacyOperatorToken());
    }
}
