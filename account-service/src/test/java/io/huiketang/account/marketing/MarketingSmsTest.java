package io.huiketang.account.marketing;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

import io.huiketang.account.suspension.AccountSuspensions;
import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Campaign SMS (PRV-3) as privacy-service drives them over the real broker: consent-changed and
 * marketing-sms-requested on privacy.events, keyed by the account, in the ledger's order. A
 * withdrawal published just before the campaign is honoured; a consenting person gets exactly one
 * SMS, with the opt-out instruction, in the local SMS outbox.
 */
@QuarkusTest
class MarketingSmsTest {

    static final Path SMS_OUTBOX = Path.of("target/sms-outbox.log");
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = "冬季会员特惠,年付八折 回复TD退订";

    final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            OutboxRelay.producerProperties(KafkaTestTopics.bootstrapServers(), "account-marketing-test"),
            new StringSerializer(), new ByteArraySerializer());

    @Inject
    AccountSuspensions suspensions;

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void aWithdrawalJustBeforeTheCampaignIsHonouredAndAConsentingPersonGetsOneSmsWithTheOptOut() throws Exception {
        String adaPhone = newPhone();
        String bobPhone = newPhone();
        String carolPhone = newPhone();
        UUID ada = UUID.fromString(registerAdult(adaPhone).getString("accountId"));
        UUID bob = UUID.fromString(registerAdult(bobPhone).getString("accountId"));
        UUID carol = UUID.fromString(registerAdult(carolPhone).getString("accountId"));
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        consent(ada, true, t);
        consent(bob, true, t);
        // Bob withdraws one second (of ledger time) before the campaign; Carol never consented
        consent(bob, false, t.plusSeconds(1));
        UUID campaign = UUID.randomUUID();
        UUID adaRequest = requestSms(campaign, ada, t.plusSeconds(2));
        requestSms(campaign, bob, t.plusSeconds(2));
        requestSms(campaign, carol, t.plusSeconds(2));
        // Kafka redelivers: the same event again sends nothing more (platform-kit's inbox)
        send(ada, MarketingSms.MARKETING_SMS_REQUESTED, adaRequest, Map.of("campaignId", campaign.toString(),
                "accountId", ada.toString(), "text", TEXT, "requestedAt", t.plusSeconds(2).toString()));
        // Markers after the requests on Bob's and Carol's partitions: once applied, their requests were too
        consent(bob, true, t.plusSeconds(3));
        consent(carol, true, t.plusSeconds(3));

        await().atMost(WAIT).until(() -> messagesTo(adaPhone).size() == 1);
        await().atMost(WAIT).until(() -> consentChangedAt(bob, t.plusSeconds(3))
                && consentChangedAt(carol, t.plusSeconds(3)));
        assertEquals(List.of(TEXT), messagesTo(adaPhone));
        assertTrue(messagesTo(adaPhone).get(0).endsWith("回复TD退订"));
        assertEquals(List.of(), messagesTo(bobPhone), "withdrawn before the campaign: no SMS");
        assertEquals(List.of(), messagesTo(carolPhone), "never consented: no SMS");
        // The redelivered request and the markers changed nothing for Ada
        assertEquals(1, messagesTo(adaPhone).size());
    }

    @Test
    void aSuspendedAccountGetsNoCampaignSmsEvenWithConsent() throws Exception {
        String phone = newPhone();
        UUID dan = UUID.fromString(registerAdult(phone).getString("accountId"));
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        consent(dan, true, t);
        await().atMost(WAIT).until(() -> consentChangedAt(dan, t));
        suspensions.suspend(dan);
        requestSms(UUID.randomUUID(), dan, t.plusSeconds(1));
        consent(dan, false, t.plusSeconds(2));

        await().atMost(WAIT).until(() -> consentChangedAt(dan, t.plusSeconds(2)));
        assertEquals(List.of(), messagesTo(phone));
    }

    @Test
    void consentToAnotherPurposeIsNoConsentToMarketingSms() throws Exception {
        String phone = newPhone();
        UUID erin = UUID.fromString(registerAdult(phone).getString("accountId"));
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        consent(erin, false, t);
        send(erin, MarketingSms.CONSENT_CHANGED, UUID.randomUUID(), Map.of("accountId", erin.toString(),
                "purpose", "analytics", "granted", true, "changedAt", t.plusSeconds(5).toString()));
        requestSms(UUID.randomUUID(), erin, t.plusSeconds(6));
        // Applied only if the analytics event left the copy alone (it would be newer than this)
        consent(erin, false, t.plusSeconds(1));

        await().atMost(WAIT).until(() -> consentChangedAt(erin, t.plusSeconds(1)));
        assertEquals(List.of(), messagesTo(phone));
    }

    private boolean consentChangedAt(UUID accountId, Instant changedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            MarketingConsent consent = MarketingConsent.findById(accountId);
            return consent != null && consent.changedAt.equals(changedAt);
        });
    }

    private void consent(UUID accountId, boolean granted, Instant changedAt) throws Exception {
        send(accountId, MarketingSms.CONSENT_CHANGED, UUID.randomUUID(), Map.of("accountId", accountId.toString(),
                "purpose", "marketing-sms", "granted", granted, "policyVersion", "2023-05-16", "channel", "APP",
                "changedAt", changedAt.toString()));
    }

    private UUID requestSms(UUID campaign, UUID accountId, Instant at) throws Exception {
        UUID id = UUID.randomUUID();
        send(accountId, MarketingSms.MARKETING_SMS_REQUESTED, id, Map.of("campaignId", campaign.toString(),
                "accountId", accountId.toString(), "text", TEXT, "requestedAt", at.toString()));
        return id;
    }

    /** As privacy-service's relay publishes: a CloudEvent keyed by the account on privacy.events. */
    private void send(UUID accountId, String type, UUID id, Map<String, Object> data) throws Exception {
        byte[] value = EventEnvelope.toJson(id, URI.create("/huiketang/privacy-service"), type, accountId.toString(),
                OffsetDateTime.now(ZoneOffset.UTC), JSON.valueToTree(data)).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(PrivacyProtocol.REQUESTS_TOPIC, accountId.toString(), value))
                .get(10, TimeUnit.SECONDS);
    }

    /** The texts the local SMS sender wrote for this number. */
    static List<String> messagesTo(String e164) throws IOException {
        if (!Files.exists(SMS_OUTBOX)) {
            return List.of();
        }
        return Files.readAllLines(SMS_OUTBOX, StandardCharsets.UTF_8).stream().map(l -> l.split("\t", 3))
                .filter(p -> p.length == 3 && p[1].equals(e164) && !p[2].matches(".*\\d{6}.*")).map(p -> p[2])
                .toList();
    }
}
