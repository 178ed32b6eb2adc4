package io.huiketang.kit.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.claimcheck.Claim;
import io.huiketang.kit.claimcheck.ClaimChecks;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.privacy.PrivacyProtocol.Kind;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.support.Ledger;
import io.huiketang.kit.support.RawEvents;
import io.huiketang.kit.support.RelayRunning;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The data holder's side of the privacy protocol, as privacy-service will see it over the real broker. */
@QuarkusTest
@TestProfile(RelayRunning.class)
@QuarkusTestResource(KitTopics.class)
class PrivacyProtocolTest {

    private static final String PRIVACY_SERVICE = "/huiketang/privacy-service";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ClaimChecks claimChecks;

    @Inject
    PrivacyRequests privacyRequests;

    @Test
    void serviceAnnouncesItselfAsADataHolderAtStartup() {
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        try (TopicReader replies = TopicReader.since(PrivacyProtocol.REPLIES_TOPIC, jvmStart)) {
            List<ConsumerRecord<String, byte[]>> records = replies.readUntil(
                    rs -> rs.stream().anyMatch(r -> "platform-kit-test".equals(r.key())), WAIT);
            ConsumedEvent announced = records.stream().filter(r -> "platform-kit-test".equals(r.key()))
                    .map(PublishedEvents::assertValid).findFirst().orElseThrow();
            assertEquals(PrivacyProtocol.DATA_HOLDER_ANNOUNCED, announced.type());
            assertEquals("platform-kit-test", announced.data().get("service").asText());
        }
    }

    @Test
    void accessRequestIsAnsweredWithTheSubjectsDataByClaimCheckOnly() throws Exception {
        String subject = "subject-" + UUID.randomUUID();
        seedLedger(subject, 2);
        String requestId = "req-" + UUID.randomUUID();
        try (TopicReader replies = TopicReader.fromNow(PrivacyProtocol.REPLIES_TOPIC); RawEvents kafka = new RawEvents()) {
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, requestId, RawEvents.cloudEvent(PRIVACY_SERVICE,
                    PrivacyProtocol.REQUEST_OPENED, requestId, new RequestOpened(requestId, subject, Kind.ACCESS)));

            JsonNode answer = answerTo(replies, requestId, 1).get(0).data();
            assertEquals("ACCESS", answer.get("kind").asText());
            assertEquals(subject, answer.get("subjectId").asText());
            assertEquals("platform-kit-test", answer.get("service").asText());
            // Even a small slice is not inline: privacy.replies carries no personal data
            assertTrue(answer.path("export").isMissingNode(), answer.toString());
            JsonNode claimed = answer.get("exportClaim");
            JsonNode slice = new ObjectMapper().readTree(claimChecks.fetch(new Claim(
                    claimed.get("objectKey").asText(), claimed.get("size").asLong(), claimed.get("sha256").asText())));
            assertEquals(2, slice.get("ledger").size());
            assertEquals(2, slice.get("ledger").get(1).get("seq").asInt());
        }
    }

    @Test
    void aRequestForOtherHoldersIsNotAnsweredHere() {
        String subject = "subject-" + UUID.randomUUID();
        seedLedger(subject, 1);
        String other = "req-" + UUID.randomUUID();
        String ours = "req-" + UUID.randomUUID();
        try (TopicReader replies = TopicReader.fromNow(PrivacyProtocol.REPLIES_TOPIC); RawEvents kafka = new RawEvents()) {
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, subject, RawEvents.cloudEvent(PRIVACY_SERVICE,
                    PrivacyProtocol.REQUEST_OPENED, other, new RequestOpened(other, subject, Kind.ERASURE,
                            List.of("meeting-service"), Instant.now().toString())));
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, subject, RawEvents.cloudEvent(PRIVACY_SERVICE,
                    PrivacyProtocol.REQUEST_OPENED, ours, new RequestOpened(ours, subject, Kind.ERASURE_CHECK,
                            List.of("platform-kit-test"), Instant.now().toString())));
            JsonNode check = answerTo(replies, ours, 1).get(0).data();
            assertEquals("ERASURE_CHECK", check.get("kind").asText());
            assertTrue(check.get("remaining").isObject());
            awaitOutboxDrained();
            assertTrue(replies.readToEnd(WAIT).stream().filter(r -> other.equals(r.key()))
                    .map(PublishedEvents::assertValid).noneMatch(PrivacyProtocolTest::fromThisService),
                    "a request naming other holders is theirs alone");
            assertEquals(1, Ledger.count(dataSource, "SELECT count(*) FROM kit_test_ledger WHERE subject_id = ?",
                    subject), "nothing erased for a request this service was not asked");
        }
    }

    @Test
    void aLargeExportGoesByClaimCheckAndLeavesTheStoreAfterItsRetention() throws Exception {
        String subject = "subject-" + UUID.randomUUID();
        seedLedger(subject, 200);
        String requestId = "req-" + UUID.randomUUID();
        try (TopicReader replies = TopicReader.fromNow(PrivacyProtocol.REPLIES_TOPIC); RawEvents kafka = new RawEvents()) {
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, requestId, RawEvents.cloudEvent(PRIVACY_SERVICE,
                    PrivacyProtocol.REQUEST_OPENED, requestId, new RequestOpened(requestId, subject, Kind.ACCESS)));

            JsonNode answer = answerTo(replies, requestId, 1).get(0).data();
            JsonNode claimed = answer.get("exportClaim");
            assertEquals("privacy/" + requestId + "/platform-kit-test.json", claimed.get("objectKey").asText());
            Claim claim = new Claim(claimed.get("objectKey").asText(), claimed.get("size").asLong(),
                    claimed.get("sha256").asText());
            JsonNode slice = new ObjectMapper().readTree(claimChecks.fetch(claim));
            assertEquals(200, slice.get("ledger").size());
            assertEquals(200, slice.get("ledger").get(199).get("seq").asInt());

            // Past its retention the slice leaves the store; another service's slices are not this one's to delete
            Claim others = claimChecks.store("privacy/" + requestId + "/account-service.json", new byte[] { 1 },
                    "application/json");
            // (at least ours: an earlier run's may be there too)
            assertTrue(privacyRequests.purgeSlicesStoredBefore(Instant.now().plusSeconds(5)) >= 1);
            assertThrows(ClaimChecks.ClaimCheckException.class, () -> claimChecks.fetch(claim));
            assertEquals(1, claimChecks.fetch(others).length);
            claimChecks.delete(others.objectKey());
        }
    }

    @Test
    void erasureRequestDeliveredTwiceErasesOnceAndAnswersOnceWithAReceipt() {
        String subject = "subject-" + UUID.randomUUID();
        seedLedger(subject, 3);
        String requestId = "req-" + UUID.randomUUID();
        byte[] request = RawEvents.cloudEvent(PRIVACY_SERVICE, PrivacyProtocol.REQUEST_OPENED, requestId,
                new RequestOpened(requestId, subject, Kind.ERASURE));
        try (TopicReader replies = TopicReader.fromNow(PrivacyProtocol.REPLIES_TOPIC); RawEvents kafka = new RawEvents()) {
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, requestId, request);
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, requestId, request);
            // A later request on the same key: once it is answered, the repeat has been handled too.
            // Replies to different requests may leave through different relay lanes, so after that
            // the outbox is drained and the topic read to its end before answers are counted.
            String later = "req-" + UUID.randomUUID();
            kafka.send(PrivacyProtocol.REQUESTS_TOPIC, requestId, RawEvents.cloudEvent(PRIVACY_SERVICE,
                    PrivacyProtocol.REQUEST_OPENED, later, new RequestOpened(later, subject, Kind.ACCESS)));
            replies.readUntil(rs -> rs.stream().filter(r -> later.equals(r.key())).map(PublishedEvents::assertValid)
                    .anyMatch(PrivacyProtocolTest::fromThisService), WAIT);
            awaitOutboxDrained();
            List<ConsumerRecord<String, byte[]>> records = replies.readToEnd(WAIT);

            List<ConsumedEvent> answers = records.stream().filter(r -> requestId.equals(r.key()))
                    .map(PublishedEvents::assertValid).filter(PrivacyProtocolTest::fromThisService).toList();
            assertEquals(1, answers.size(), "one answer to a request delivered twice");
            JsonNode receipt = answers.get(0).data().get("receipt");
            assertEquals(3, receipt.get("deleted").get("kit_test_ledger").asInt());
            assertEquals("kit_test_network_log", receipt.get("kept").get(0).get("dataset").asText());
            assertTrue(receipt.get("kept").get(0).get("legalBasis").asText().length() > 0);
            assertEquals("2027-06-01", receipt.get("kept").get(0).get("until").asText());
        }
        assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM kit_test_ledger WHERE subject_id = ?",
                subject));
    }

    private void awaitOutboxDrained() {
        Instant deadline = Instant.now().plus(WAIT);
        while (Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE topic = ?",
                PrivacyProtocol.REPLIES_TOPIC) > 0) {
            assertTrue(Instant.now().isBefore(deadline), "the outbox relay publishes every reply");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private void seedLedger(String subject, int rows) {
        for (int seq = 1; seq <= rows; seq++) {
            Ledger.execute(dataSource,
                    "INSERT INTO kit_test_ledger (event_id, aggregate, seq, subject_id) VALUES (?, ?, ?, ?)",
                    UUID.randomUUID().toString(), "seeded", seq, subject);
        }
    }

    // Every running data holder (a dev/run account-service, say) answers too: only this service's answers count
    private static boolean fromThisService(ConsumedEvent answer) {
        return "platform-kit-test".equals(answer.data().path("service").asText());
    }

    private static List<ConsumedEvent> answerTo(TopicReader replies, String requestId, int count) {
        List<ConsumedEvent> answers = replies.readUntil(rs -> rs.stream().filter(r -> requestId.equals(r.key()))
                .map(PublishedEvents::assertValid).filter(PrivacyProtocolTest::fromThisService).count() >= count, WAIT)
                .stream().filter(r -> requestId.equals(r.key())).map(PublishedEvents::assertValid)
                .filter(PrivacyProtocolTest::fromThisService).toList();
        assertTrue(answers.stream().allMatch(a -> a.type().equals(PrivacyProtocol.REQUEST_ANSWERED)));
        return answers;
    }
}
