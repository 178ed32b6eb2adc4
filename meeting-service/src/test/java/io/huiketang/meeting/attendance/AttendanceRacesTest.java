package io.huiketang.meeting.attendance;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.meeting.meeting.MeetingLifecycle;
import io.huiketang.meeting.support.MeetingEventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Two sides that both saw a session (or meeting) open: exactly one transition wins, and only the
 * winner publishes. Each race is driven by hand: the loser reads before the winner commits (its
 * transaction suspended meanwhile) and writes after.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AttendanceRacesTest {

    @Inject
    Attendance attendance;

    @Inject
    MeetingLifecycle lifecycle;

    @Inject
    PresenceSweeper sweeper;

    @Inject
    TransactionManager transactions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void leaveAndTheMediaLeftWebhookCloseTheSessionOnce() throws Exception {
        UUID guestId = UUID.randomUUID();
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "离开竞争", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            String sessionId = join(TestTokens.person(guestId), meeting.getString("number"), null, "周九")
                    .getString("sessionId");
            Instant webhookTime = Instant.now().plusSeconds(5);

            // The webhook reads the session open...
            transactions.begin();
            Meeting seen = Meeting.findById(meetingId);
            AttendanceSession open = AttendanceSession.findOpen(meetingId, guestId);
            Transaction webhook = transactions.suspend();
            // ...the participant's /leave closes it and commits...
            as(TestTokens.person(guestId)).when().post("/api/v1/meetings/" + meetingId + "/leave").then().statusCode(204);
            // ...then the webhook writes
            transactions.resume(webhook);
            attendance.close(seen, open, AttendanceSession.LeaveReason.MEDIA_LEFT, webhookTime);
            transactions.commit();

            List<ConsumedEvent> published = MeetingEventLog.of(events, dataSource, meetingId.toString());
            assertEquals(1, MeetingEventLog.count(published, MeetingEvents.PARTICIPANT_LEFT, sessionId));
            AttendanceSession closed = inNewTransaction(() -> AttendanceSession.findById(UUID.fromString(sessionId)));
            assertEquals(AttendanceSession.LeaveReason.LEFT, closed.leaveReason, "the first close stays");
            assertTrue(closed.leftAt.isBefore(webhookTime), "the loser does not overwrite left_at");
        }
    }

    @Test
    void theHostEndingAndRoomFinishedEndTheMeetingOnce() throws Exception {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "结束竞争", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            String guestSession = join(TestTokens.person(UUID.randomUUID()), meeting.getString("number"), null, "吴十")
                    .getString("sessionId");

            transactions.begin();
            Meeting seen = Meeting.findById(meetingId);
            Transaction webhook = transactions.suspend();
            as(host).when().post("/api/v1/meetings/" + meetingId + "/end").then().statusCode(200);
            transactions.resume(webhook);
            try {
                lifecycle.end(seen, MeetingLifecycle.EndReason.MEDIA_ROOM_FINISHED, Instant.now());
                transactions.commit();
            } catch (ProblemException lost) {
                transactions.rollback();
            }

            List<ConsumedEvent> published = MeetingEventLog.of(events, dataSource, meetingId.toString());
            assertEquals(1, MeetingEventLog.count(published, MeetingEvents.ENDED, null));
            assertEquals(1, MeetingEventLog.count(published, MeetingEvents.PARTICIPANT_LEFT, guestSession));
            assertEquals("HOST", published.stream().filter(e -> e.type().equals(MeetingEvents.ENDED)).findFirst()
                    .orElseThrow().data().path("reason").asText());
        }
    }

    @Test
    void twoReplicasSweepingEmptyMeetingsEndEachOnce() throws Exception {
        List<String> meetings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            meetings.add(createInstant(TestTokens.person(UUID.randomUUID()), "空会" + i, null).getString("id"));
        }
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            Instant later = Instant.now().plus(Duration.ofHours(1));
            {
                CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> sweeper.endEmptyMeetings(later));
                CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> sweeper.endEmptyMeetings(later));
                first.get(60, TimeUnit.SECONDS);
                second.get(60, TimeUnit.SECONDS);
            }
            for (String id : meetings) {
                List<ConsumedEvent> published = MeetingEventLog.of(events, dataSource, id);
                assertEquals(1, MeetingEventLog.count(published, MeetingEvents.ENDED, null), "meeting " + meetings.indexOf(id));
            }
        }
    }

    @Test
    void aJoinCommittingWhileTheMeetingEndsLeavesNoOpenSession() throws Exception {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "结束时加入", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            // The join has opened its session but not committed when the host ends the meeting
            transactions.begin();
            AttendanceSession joined = attendance.open(Meeting.findById(meetingId), UUID.randomUUID(), "迟到者", false,
                    Instant.now());
            Transaction join = transactions.suspend();
            CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> as(host).when()
                    .post("/api/v1/meetings/" + meetingId + "/end").statusCode());
            awaitDoneOrWaitingForALock(end);
            transactions.resume(join);
            transactions.commit();
            assertEquals(200, end.get(60, TimeUnit.SECONDS));

            assertEquals(0, openSessions(meetingId), "an ended meeting keeps no open session");
            List<ConsumedEvent> published = MeetingEventLog.of(events, dataSource, meetingId.toString());
            assertEquals(1, MeetingEventLog.count(published, MeetingEvents.PARTICIPANT_LEFT, joined.id.toString()));
        }
    }

    @Test
    void aJoinThatReadTheMeetingBeforeItEndedIsRefused() throws Exception {
        String host = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "结束后加入", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        transactions.begin();
        Meeting seen = Meeting.findById(meetingId);
        Transaction join = transactions.suspend();
        as(host).when().post("/api/v1/meetings/" + meetingId + "/end").then().statusCode(200);
        transactions.resume(join);
        try {
            attendance.open(seen, UUID.randomUUID(), "迟到者", false, Instant.now());
            transactions.commit();
        } catch (ProblemException refused) {
            assertEquals(404, refused.problem().status());
            transactions.rollback();
        }
        assertEquals(0, openSessions(meetingId), "an ended meeting keeps no open session");
    }

    @Test
    void aRejoinAndTheSweepCloseTheSilentSessionOnce() throws Exception {
        UUID guestId = UUID.randomUUID();
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "重连竞争", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        try (TopicReader events = TopicReader.fromNow(MeetingEvents.TOPIC)) {
            String first = join(TestTokens.person(guestId), meeting.getString("number"), null, "郑一")
                    .getString("sessionId");

            // The rejoin reads the previous session open, the sweep closes it, then the rejoin closes
            // what it read (as open() does) and opens the new session
            transactions.begin();
            Meeting seen = Meeting.findById(meetingId);
            AttendanceSession previous = AttendanceSession.findOpen(meetingId, guestId);
            Transaction rejoin = transactions.suspend();
            sweeper.closeSilentSessions(Instant.now().plus(Duration.ofHours(1)));
            transactions.resume(rejoin);
            attendance.close(seen, previous, AttendanceSession.LeaveReason.REJOINED, Instant.now());
            AttendanceSession second = attendance.open(seen, guestId, "郑一", false, Instant.now());
            transactions.commit();

            List<ConsumedEvent> published = MeetingEventLog.of(events, dataSource, meetingId.toString());
            assertEquals(1, MeetingEventLog.count(published, MeetingEvents.PARTICIPANT_LEFT, first));
            assertEquals(AttendanceSession.LeaveReason.TIMED_OUT,
                    inNewTransaction(() -> AttendanceSession.<AttendanceSession> findById(UUID.fromString(first))).leaveReason);
            assertTrue(inNewTransaction(() -> AttendanceSession.<AttendanceSession> findById(second.id)).isOpen());
        }
    }

    private long openSessions(UUID meetingId) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM attendance_session WHERE meeting_id = ? AND left_at IS NULL")) {
            count.setObject(1, meetingId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Lets the other side run until it finishes or PostgreSQL makes it wait for our transaction's lock. */
    private void awaitDoneOrWaitingForALock(CompletableFuture<?> other) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!other.isDone() && Instant.now().isBefore(deadline)) {
            try (Connection connection = dataSource.getConnection(); PreparedStatement waiting = connection.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
                    ResultSet rs = waiting.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
    }

    private <T> T inNewTransaction(Supplier<T> work) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(work::get);
    }
}
