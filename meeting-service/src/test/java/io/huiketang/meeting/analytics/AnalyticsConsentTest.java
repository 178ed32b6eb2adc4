package io.huiketang.meeting.analytics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Analytics consent (PRV-2) over the real broker: while a person's analytics consent is withdrawn
 * (privacy-service's consent-changed on privacy.events), their OPERATION telemetry is accepted and
 * dropped, counted in the answer; quality and crash telemetry, which keep the service working, is
 * stored as before. Without any choice, analytics is on (the accepted policy's default).
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AnalyticsConsentTest {

    static final String PATH = "/api/v1/meetings/telemetry";
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "meeting-analytics-test"),
            new StringSerializer(), new ByteArraySerializer());

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void withoutAChoiceOperationTelemetryIsStored() throws Exception {
        UUID person = UUID.randomUUID();
        send(person, batch()).statusCode(202).body("accepted", equalTo(3))
                .body("droppedWithoutAnalyticsConsent", equalTo(0));
        assertEquals(List.of("CRASH", "OPERATION", "QUALITY"), kinds(person));
    }

    @Test
    void whileAnalyticsIsWithdrawnOperationTelemetryIsDroppedAndServiceTelemetryKept() throws Exception {
        UUID person = UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        send(person, Map.of("reports", List.of(operation()))).statusCode(202).body("accepted", equalTo(1));

        consentChanged(person, "analytics", false, t);
        await().atMost(WAIT).until(() -> consentAt(person, t));
        send(person, batch()).statusCode(202).body("accepted", equalTo(2))
                .body("droppedWithoutAnalyticsConsent", equalTo(1));
        // The operation report from before the withdrawal stays (withdrawal does not undo what was done)
        assertEquals(List.of("CRASH", "OPERATION", "QUALITY"), kinds(person));

        // Another purpose's choice and an older analytics change do not touch it
        consentChanged(person, "marketing-sms", true, t.plusSeconds(5));
        consentChanged(person, "analytics", true, t.minusSeconds(60));
        consentChanged(person, "analytics", false, t.plusSeconds(1));
        await().atMost(WAIT).until(() -> consentAt(person, t.plusSeconds(1)));
        send(person, Map.of("reports", List.of(operation()))).statusCode(202).body("accepted", equalTo(0))
                .body("droppedWithoutAnalyticsConsent", equalTo(1));

        // Given again: stored again from now on
        consentChanged(person, "analytics", true, t.plusSeconds(2));
        await().atMost(WAIT).until(() -> consentAt(person, t.plusSeconds(2)));
        send(person, Map.of("reports", List.of(operation()))).statusCode(202).body("accepted", equalTo(1));
        assertEquals(List.of("CRASH", "OPERATION", "OPERATION", "QUALITY"), kinds(person));
    }

    @Test
    void oneWithdrawalConcernsOnlyThatPerson() throws Exception {
        UUID withdrew = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        consentChanged(withdrew, "analytics", false, t);
        await().atMost(WAIT).until(() -> consentAt(withdrew, t));
        send(other, Map.of("reports", List.of(operation()))).statusCode(202).body("accepted", equalTo(1));
        send(withdrew, Map.of("reports", List.of(operation()))).statusCode(202).body("accepted", equalTo(0));
    }

    private boolean consentAt(UUID accountId, Instant changedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AnalyticsConsent consent = AnalyticsConsent.findById(accountId);
            return consent != null && consent.changedAt.equals(changedAt);
        });
    }

    /** As privacy-service's relay publishes it: keyed by the account on privacy.events. */
    private void consentChanged(UUID accountId, String purpose, boolean granted, Instant changedAt) throws Exception {
        Map<String, Object> data = Map.of("accountId", accountId.toString(), "purpose", purpose, "granted", granted,
                "policyVersion", "2023-05-16", "channel", "APP", "changedAt", changedAt.toString());
        byte[] value = EventEnvelope.toJson(UUID.randomUUID(), URI.create("/huiketang/privacy-service"),
                AnalyticsConsents.CONSENT_CHANGED, accountId.toString(), OffsetDateTime.now(ZoneOffset.UTC),
                JSON.valueToTree(data)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(PrivacyProtocol.REQUESTS_TOPIC, accountId.toString(), value))
                .get(10, TimeUnit.SECONDS);
    }

    private List<String> kinds(UUID accountId) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT kind FROM telemetry_record WHERE account_id = ? ORDER BY kind")) {
            select.setObject(1, accountId);
            List<String> kinds = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    kinds.add(rs.getString(1));
                }
            }
            return kinds;
        }
    }

    static Map<String, Object> batch() {
        return Map.of("reports", List.of(
                Map.of("kind", "QUALITY", "occurredAt", minutesAgo(3), "audioVolume", 80, "videoVolume", 60,
                        "packetLossPercent", 2.5, "jitterMs", 35, "bitrateKbps", 1200),
                Map.of("kind", "CRASH", "occurredAt", minutesAgo(2), "appVersion", "3.2.1", "signature",
                        "9F86D081884C7D65", "message", "NullPointerException in AudioRouter"),
                operation()));
    }

    static Map<String, Object> operation() {
        return Map.of("kind", "OPERATION", "occurredAt", minutesAgo(1), "action", "meeting.join", "result", "SUCCESS");
    }

    static String minutesAgo(long minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).toString();
    }

    static ValidatableResponse send(UUID person, Object body) {
        return given().auth().oauth2(TestTokens.person(person)).contentType(ContentType.JSON).body(body).when()
                .post(PATH).then();
    }
}
