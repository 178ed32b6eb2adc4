package io.huiketang.privacy.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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
import io.huiketang.privacy.support.Operators;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Policy versions (PRV-4): operators publish immutable versions, announced on privacy.events; anyone
 * reads the current one and any version by name. Tests other than the "current" one publish
 * versions that take effect in the future, so they never change which version is current.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class PolicyVersionTest {

    static final String PATH = "/api/v1/privacy/policies";
    static final String TEXT = "视频会客厅隐私保护指引\n一、我们收集的信息……";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anOperatorPublishesAVersionThatIsAnnouncedAndReadableByAnyone() {
        String version = newVersion();
        Instant effective = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        try (TopicReader events = TopicReader.fromNow(PrivacyProtocol.REQUESTS_TOPIC)) {
            publish(body(version, effective, true)).statusCode(201)
                    .header("Location", containsString(PATH + "/" + version))
                    .body("version", equalTo(version))
                    .body("effectiveAt", equalTo(effective.toString()))
                    .body("textZh", equalTo(TEXT))
                    .body("summaryEn", equalTo("The 2027 policy"))
                    .body("textSha256", equalTo(Policies.sha256(TEXT)))
                    .body("reacceptanceRequired", equalTo(true));

            List<ConsumerRecord<String, byte[]>> records = events.readUntil(
                    rs -> rs.stream().anyMatch(r -> version.equals(r.key())), Duration.ofSeconds(60));
            ConsumerRecord<String, byte[]> record = records.stream().filter(r -> version.equals(r.key())).findFirst()
                    .orElseThrow();
            ConsumedEvent event = PublishedEvents.assertValid(record);
            assertEquals(PolicyEvents.POLICY_PUBLISHED, event.type());
            assertEquals(version, event.data().get("version").asText());
            assertEquals(effective, Instant.parse(event.data().get("effectiveAt").asText()));
            assertEquals(Policies.sha256(TEXT), event.data().get("textSha256").asText());
            assertEquals(true, event.data().get("reacceptanceRequired").asBoolean());
        }
        // A public read: no token
        given().when().get(PATH + "/" + version).then().statusCode(200)
                .body("version", equalTo(version)).body("textZh", equalTo(TEXT))
                .body("textSha256", equalTo(Policies.sha256(TEXT)));
    }

    @Test
    void theCurrentVersionIsTheLatestInEffectNotOneStillToCome() {
        String now = newVersion();
        publish(body(now, Instant.now(), false)).statusCode(201);
        String later = newVersion();
        publish(body(later, Instant.now().plus(Duration.ofDays(400)), true)).statusCode(201);

        given().when().get(PATH + "/current").then().statusCode(200).contentType(ContentType.JSON)
                .body("version", equalTo(now)).body("summaryEn", equalTo("The 2027 policy"))
                .body("textSha256", equalTo(Policies.sha256(TEXT))).body("reacceptanceRequired", equalTo(false));
        // The one still to come is readable by name, before it takes effect
        given().when().get(PATH + "/" + later).then().statusCode(200).body("version", equalTo(later));
    }

    @Test
    void aVersionIsPublishedOnceAndNeverChanged() throws SQLException {
        String version = newVersion();
        publish(body(version, Instant.now().plus(Duration.ofDays(10)), true)).statusCode(201);

        Map<String, Object> again = body(version, Instant.now().plus(Duration.ofDays(20)), false);
        again.put("textZh", "另一个文本");
        publish(again).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already published"));
        given().when().get(PATH + "/" + version).then().body("textZh", equalTo(TEXT));

        // Not even the database lets the text change: versions are immutable
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "UPDATE policy_version SET text_zh = 'x' WHERE version = '" + version + "'"));
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "DELETE FROM policy_version WHERE version = '" + version + "'"));
        }
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        Instant future = Instant.now().plus(Duration.ofDays(10));
        Map<String, Object> past = body(newVersion(), Instant.now().minus(Duration.ofHours(1)), true);
        publish(past).statusCode(400).body("errors[0].field", equalTo("effectiveAt"));

        for (String field : List.of("version", "effectiveAt", "textZh", "summaryEn", "reacceptanceRequired")) {
            Map<String, Object> missing = body(newVersion(), future, true);
            missing.remove(field);
            publish(missing).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field));
        }
        for (String version : List.of("current", "has space", "-leading", "x".repeat(33), "版本")) {
            publish(body(version, future, true)).statusCode(400).body("errors[0].field", equalTo("version"));
        }
        Map<String, Object> blank = body(newVersion(), future, true);
        blank.put("textZh", "   ");
        publish(blank).statusCode(400).body("errors[0].field", equalTo("textZh"));
        given().contentType(ContentType.JSON).auth().oauth2(Operators.privacyOperatorToken())
                .body("{\"version\": \"v1\", \"effectiveAt\": \"yesterday-ish\"}").when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).auth().oauth2(Operators.privacyOperatorToken()).body("{not json")
                .when().post(PATH).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyPrivacyOperatorsPublish() {
        Map<String, Object> body = body(newVersion(), Instant.now().plus(Duration.ofDays(10)), true);
        given().contentType(ContentType.JSON).body(body).when().post(PATH).then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).auth().oauth2(TestTokens.person(UUID.randomUUID())).body(body)
                .when().post(PATH).then().statusCode(403).contentType("application/problem+json");
        given().when().get(PATH + "/" + body.get("version")).then().statusCode(404);
    }

    @Test
    void anUnknownVersionIsNotFound() {
        given().when().get(PATH + "/no-such-version").then().statusCode(404).contentType("application/problem+json");
        given().when().get(PATH + "/%E7%89%88").then().statusCode(404).contentType("application/problem+json");
    }

    static ValidatableResponse publish(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).auth().oauth2(Operators.privacyOperatorToken()).body(body)
                .when().post(PATH).then();
    }

    static Map<String, Object> body(String version, Instant effectiveAt, boolean reaccept) {
        Map<String, Object> body = new HashMap<>();
        body.put("version", version);
        body.put("effectiveAt", effectiveAt.toString());
        body.put("textZh", TEXT);
        body.put("summaryEn", "The 2027 policy");
        body.put("reacceptanceRequired", reaccept);
        return body;
    }

    static String newVersion() {
        return "2027-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
