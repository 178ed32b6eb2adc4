package io.huiketang.recording.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.recording.support.MeetingFeed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The local read model of meeting.events over the real broker: which meetings are ongoing, who
 * created them and for which enterprise, who is present; each event applied once however often it
 * is delivered.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class MeetingReadModelTest {

    static final MeetingFeed FEED = new MeetingFeed();

    @AfterAll
    static void close() {
        FEED.close();
    }

    @Test
    void aMeetingIsKnownWithItsCreatorAndEnterpriseAndWhoIsPresent() {
        UUID host = UUID.randomUUID();
        UUID enterprise = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.newMeeting(host, enterprise);
        FEED.scheduled(meeting);
        FEED.awaitScheduled(meeting);

        MeetingFeed.Meeting started = FEED.started(host, enterprise);
        UUID hostSession = FEED.joined(started, host);
        UUID guestSession = FEED.joined(started, guest);

        QuarkusTransaction.requiringNew().run(() -> {
            MeetingCopy copy = MeetingCopy.findById(started.id());
            assertEquals(host, copy.creatorId);
            assertEquals(enterprise, copy.enterpriseId);
            assertEquals(started.number(), copy.number);
            assertTrue(copy.startedAt != null);
            List<UUID> present = MeetingPresence.present(started.id()).stream().map(p -> p.sessionId).toList();
            assertEquals(List.of(hostSession, guestSession), present);
            assertTrue(MeetingPresence.<MeetingPresence>findById(hostSession).host);
            assertFalse(MeetingPresence.<MeetingPresence>findById(guestSession).host);
        });

        FEED.left(started, guest, guestSession);
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(List.of(hostSession),
                    MeetingPresence.present(started.id()).stream().map(p -> p.sessionId).toList());
            assertTrue(MeetingPresence.tookPart(started.id(), guest));
        });

        FEED.ended(started);
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(List.of(), MeetingPresence.present(started.id()));
            assertTrue(MeetingCopy.<MeetingCopy>findById(started.id()).endedAt != null);
        });
    }

    @Test
    void aRedeliveredJoinIsAppliedOnceAndALateStartDoesNotReopenAnEndedMeeting() {
        UUID host = UUID.randomUUID();
        MeetingFeed.Meeting meeting = FEED.started(host, null);
        UUID session = UUID.randomUUID();
        Map<String, Object> join = new java.util.LinkedHashMap<>();
        join.put("meetingId", meeting.id().toString());
        join.put("number", meeting.number());
        join.put("accountId", host.toString());
        join.put("sessionId", session.toString());
        join.put("joinedAt", java.time.Instant.now().toString());
        join.put("host", true);
        UUID eventId = FEED.send(meeting, "huiketang.meeting.participant-joined.v1", join);
        FEED.send(eventId, meeting, "huiketang.meeting.participant-joined.v1", join);
        MeetingFeed.awaitUntil(() -> QuarkusTransaction.requiringNew().call(() -> MeetingPresence.findById(session) != null));
        FEED.ended(meeting);

        // A start delivered after the end (a replay) leaves the meeting over
        FEED.send(meeting, "huiketang.meeting.meeting-started.v1",
                MeetingFeed.base(meeting, "startedAt", java.time.Instant.now().toString()));
        // A later event of the same meeting (same partition): once it is applied, so was the replay
        FEED.joined(meeting, UUID.randomUUID());
        assertEquals(MeetingCopy.Status.ENDED, MeetingFeed.status(meeting.id()));
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(1, MeetingPresence.count("meetingId = ?1 and accountId = ?2", meeting.id(), host));
            assertNull(MeetingCopy.<MeetingCopy>findById(meeting.id()).enterpriseId);
        });
    }
}
