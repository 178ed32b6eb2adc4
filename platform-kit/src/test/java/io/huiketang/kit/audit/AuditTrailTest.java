package io.huiketang.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.support.RelayRunning;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RelayRunning.class)
@QuarkusTestResource(KitTopics.class)
class AuditTrailTest {

    @Inject
    AuditTrail auditTrail;

    @Test
    void staffReadOfPersonalDataIsPublishedToTheAuditTopic() {
        String subject = "subject-" + UUID.randomUUID();
        try (TopicReader audit = TopicReader.fromNow(AuditTrail.TOPIC)) {
            auditTrail.personalDataAccessed("operator-7", "operator", subject, "meeting-attendance", "ticket-42");

            ConsumedEvent event = audit.readUntil(rs -> rs.stream().anyMatch(r -> subject.equals(r.key())),
                    Duration.ofSeconds(30)).stream().filter(r -> subject.equals(r.key()))
                    .map(PublishedEvents::assertValid).findFirst().orElseThrow();
            assertEquals(AuditTrail.PERSONAL_DATA_ACCESSED, event.type());
            assertEquals("operator-7", event.data().get("actorId").asText());
            assertEquals("meeting-attendance", event.data().get("resource").asText());
            assertEquals("ticket-42", event.data().get("purpose").asText());
        }
    }
}
