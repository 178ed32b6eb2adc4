package io.huiketang.gateway.accesslog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.gateway.support.GatewayUpstreams;
import io.huiketang.gateway.support.People;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The network log reaches Kafka: one event per request, valid against its schema, with nothing personal in clear. */
@QuarkusTest
@QuarkusTestResource(GatewayUpstreams.class)
class AccessLogTest {

    private static final String TOPIC = "gateway.access-log";

    @Inject
    SensitiveFields sensitiveFields;

    @Test
    void requestIsLoggedWithItsTemplateStatusAndHashedSubjectButNoQuery() {
        JsonPath person = People.registerAdult();
        String requestId = "access-log-" + UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromNow(TOPIC)) {
            given().auth().oauth2(person.getString("tokens.accessToken")).header("X-Request-Id", requestId)
                    .when().get("/api/v1/accounts/me?phone=13800138000").then().statusCode(200);

            JsonNode data = entry(reader, requestId);
            assertEquals("/api/v1/accounts/me", data.get("pathTemplate").asText());
            assertEquals("GET", data.get("method").asText());
            assertEquals(200, data.get("status").asInt());
            assertEquals("accounts", data.get("route").asText());
            assertEquals("127.0.0.1", data.get("clientIp").asText());
            assertEquals(sensitiveFields.lookupHash(person.getString("accountId")), data.get("subjectHash").asText());
            assertFalse(data.toString().contains("13800138000"), "the query string is never logged");
            assertFalse(data.toString().contains(person.getString("accountId")), "the subject is only hashed");
        }
    }

    @Test
    void tokensAndIdsInAPathBecomePlaceholders() {
        String requestId = "access-log-" + UUID.randomUUID();
        String invitationToken = "Xk3_pQ9v-Lm2Zt7Ra1Bc4Dd5Ee6Ff7Gg8Hh9Ii0Jj1K";
        try (TopicReader reader = TopicReader.fromNow(TOPIC)) {
            given().auth().oauth2(People.token()).header("X-Request-Id", requestId)
                    .when().get("/api/v1/invitations/" + invitationToken);

            JsonNode data = entry(reader, requestId);
            assertEquals("/api/v1/invitations/{id}", data.get("pathTemplate").asText());
            assertFalse(data.toString().contains(invitationToken));
        }
    }

    @Test
    void anonymousAndRefusedRequestsAreLoggedWithoutASubject() {
        String requestId = "access-log-" + UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromNow(TOPIC)) {
            given().header("X-Request-Id", requestId).when().get("/api/v1/meetings/123456789").then().statusCode(401);

            JsonNode data = entry(reader, requestId);
            assertEquals("/api/v1/meetings/{id}", data.get("pathTemplate").asText());
            assertEquals(401, data.get("status").asInt());
            assertTrue(data.path("subjectHash").isMissingNode());
        }
    }

    @Test
    void requestsRefusedAtTheEdgeAreLoggedToo() {
        String requestId = "access-log-" + UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromNow(TOPIC)) {
            given().header("X-Request-Id", requestId).urlEncodingEnabled(false)
                    .when().get("/api/v1/accounts/logins;x").then().statusCode(400);

            JsonNode data = entry(reader, requestId);
            assertEquals(400, data.get("status").asInt());
            assertEquals("unrouted", data.get("route").asText());
        }
    }

    private static JsonNode entry(TopicReader reader, String requestId) {
        List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
                read -> read.stream().anyMatch(r -> requestId.equals(r.key())), Duration.ofSeconds(20));
        ConsumerRecord<String, byte[]> record = records.stream().filter(r -> requestId.equals(r.key())).findFirst()
                .orElseThrow();
        ConsumedEvent event = PublishedEvents.assertValid(record);
        assertEquals(AccessLogEntry.TYPE, event.type());
        return event.data();
    }
}
