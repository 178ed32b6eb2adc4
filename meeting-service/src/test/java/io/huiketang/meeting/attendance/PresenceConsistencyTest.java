package io.huiketang.meeting.attendance;

import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Presence in Redis follows what PostgreSQL committed: rollbacks and interrupted sweeps leave both agreeing. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class PresenceConsistencyTest {

    @Inject
    Attendance attendance;

    @Inject
    PresenceSweeper sweeper;

    @Inject
    PresenceReconciler reconciler;

    @Inject
    Presence livePresence;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Test
    void aJoinRolledBackLeavesNoPresence() {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "回滚加入", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        UUID[] opened = new UUID[1];
        QuarkusTransaction.begin();
        try {
            opened[0] = attendance.open(Meeting.findById(meetingId), UUID.randomUUID(), "回滚", false, Instant.now()).id;
        } finally {
            QuarkusTransaction.rollback(); // e.g. the network log could not be written after the session
        }
        assertNull(QuarkusTransaction.requiringNew().call(() -> AttendanceSession.findById(opened[0])));
        assertFalse(new PresenceProbe(redis).present(meetingId, opened[0]), "no presence for a session that never existed");
    }

    @Test
    void aLeaveRolledBackKeepsThePresenceOfTheStillOpenSession() {
        UUID guestId = UUID.randomUUID();
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "回滚离开", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        UUID sessionId = UUID.fromString(join(TestTokens.person(guestId), meeting.getString("number"), null, "钱八")
                .getString("sessionId"));
        QuarkusTransaction.begin();
        try {
            attendance.close(Meeting.findById(meetingId), AttendanceSession.findOpen(meetingId, guestId),
                    AttendanceSession.LeaveReason.LEFT, Instant.now());
        } finally {
            QuarkusTransaction.rollback();
        }
        AttendanceSession session = QuarkusTransaction.requiringNew().call(() -> AttendanceSession.findById(sessionId));
        assertTrue(session.isOpen());
        assertTrue(new PresenceProbe(redis).present(meetingId, sessionId), "the open session keeps its presence");
    }

    @Test
    void aSweepInterruptedMidwayLeavesEverySessionEitherClosedOrPresent() throws Exception {
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "清扫中断", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        List<UUID> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(UUID.fromString(join(TestTokens.person(UUID.randomUUID()), meeting.getString("number"), null,
                    "参会者" + i).getString("sessionId")));
        }
        // PostgreSQL refuses to close the third session: the sweep fails there, as a crash would
        String trigger = "attendance_refuses_" + sessions.get(2).toString().replace("-", "");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'refused by the test'; END $$");
            sql.execute("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON attendance_session FOR EACH ROW "
                    + "WHEN (OLD.id = '" + sessions.get(2) + "') EXECUTE FUNCTION " + trigger + "()");
        }
        try {
            sweeper.closeSilentSessions(Instant.now().plus(Duration.ofHours(1)));
        } catch (RuntimeException interrupted) {
            // the sweep may report the failure; what it left behind is what counts
        } finally {
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute("DROP TRIGGER " + trigger + " ON attendance_session");
                sql.execute("DROP FUNCTION " + trigger + "()");
            }
        }
        PresenceProbe presence = new PresenceProbe(redis);
        int open = 0;
        for (UUID id : sessions) {
            AttendanceSession session = QuarkusTransaction.requiringNew().call(() -> AttendanceSession.findById(id));
            assertEquals(session.isOpen(), presence.present(meetingId, id),
                    "open in PostgreSQL exactly when present in Redis (session " + sessions.indexOf(id) + ")");
            open += session.isOpen() ? 1 : 0;
        }
        assertEquals(1, open, "every session but the refused one is closed");
    }

    @Test
    void presenceLostFromRedisIsRestoredAndTheSilentSessionThenClosesWhileTheLiveOneStays() {
        UUID liveId = UUID.randomUUID();
        UUID goneId = UUID.randomUUID();
        JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "Redis 重启", null);
        UUID meetingId = UUID.fromString(meeting.getString("id"));
        UUID live = UUID.fromString(join(TestTokens.person(liveId), meeting.getString("number"), null, "在线")
                .getString("sessionId"));
        UUID gone = UUID.fromString(join(TestTokens.person(goneId), meeting.getString("number"), null, "掉线")
                .getString("sessionId"));
        PresenceProbe presence = new PresenceProbe(redis);
        presence.lose(meetingId, live);
        presence.lose(meetingId, gone);

        Instant repairedAt = Instant.now();
        assertTrue(reconciler.reconcile(repairedAt) >= 2);
        assertTrue(presence.present(meetingId, live));
        assertTrue(presence.present(meetingId, gone));

        // Only the live client keeps beating (its heartbeat 30 s later); after the timeout the other
        // one is closed at the time of the repair
        livePresence.beat(meetingId, live, repairedAt.plusSeconds(30));
        sweeper.closeSilentSessions(repairedAt.plusSeconds(46));
        AttendanceSession closed = QuarkusTransaction.requiringNew().call(() -> AttendanceSession.findById(gone));
        AttendanceSession kept = QuarkusTransaction.requiringNew().call(() -> AttendanceSession.findById(live));
        assertEquals(AttendanceSession.LeaveReason.TIMED_OUT, closed.leaveReason);
        assertEquals(repairedAt.toEpochMilli(), closed.leftAt.toEpochMilli());
        assertFalse(presence.present(meetingId, gone));
        assertTrue(kept.isOpen());
        assertTrue(presence.present(meetingId, live));
    }
}
