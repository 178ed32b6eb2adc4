package io.huiketang.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.audit.AuditTrail;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A service's staff read, recorded with platform-kit's AuditTrail, travels through the outbox and
 * the real audit.events topic into the audit log, once.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AuditEventsTest {

    @Inject
    AuditTrail trail;

    @Inject
    AuditRecords records;

    @Inject
    AuditChain chain;

    @Test
    void aReadRecordedByAnyServiceArrivesInTheAuditLogOnce() {
        String actor = UUID.randomUUID().toString();
        String subject = UUID.randomUUID().toString();

        trail.personalDataAccessed(actor, "operator", subject, "account-profile", "ticket 99");

        List<AuditRecord> found = Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> records.find(new AuditRecords.Query(null, subject, null, null, 0, 10)), r -> !r.isEmpty());
        AuditRecord record = found.get(0);
        assertEquals("privacy-service", record.source(), "the source service, from the CloudEvent's source");
        assertEquals("operator", record.actorRole());
        assertEquals(actor, record.actorId());
        assertEquals(AuditEventsHandler.PERSONAL_DATA_ACCESSED, record.action());
        assertEquals("account-profile", record.resource());
        assertEquals("ticket 99", record.purpose());
        // No second copy arrives (the inbox and the event id both guard)
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> records.find(new AuditRecords.Query(null, subject, null, null, 0, 10)).size() == 1);
        assertTrue(chain.verify().intact());
    }

    @Test
    void theSourceServiceIsTheLastSegmentOfTheEventSource() {
        assertEquals("meeting-service", AuditEventsHandler.serviceOf("/huiketang/meeting-service"));
        assertEquals("unknown", AuditEventsHandler.serviceOf(null));
    }
}
