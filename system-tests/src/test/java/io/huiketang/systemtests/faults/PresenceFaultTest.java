package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Presence in Redis and attendance in PostgreSQL agree again after Redis loses a meeting's
 * presence, and after meeting-service is killed with SIGKILL in the middle of a presence sweep.
 */
class PresenceFaultTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void presenceDeletedDuringAMeetingIsRepairedAndAttendanceEqualsPresence() throws Exception {
        Person host = app.registerAdult("主持人");
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "Redis 清空", "kind", "INSTANT"))
                .expect(201);
        String id = meeting.get("id").asText();
        List<Person> live = new ArrayList<>();
        List<String> goneSessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Person person = app.registerAdult("参会者" + i);
            JsonNode joined = app.post("/api/v1/meetings/join", person.token(),
                    Map.of("number", meeting.get("number").asText(), "displayName", "参会者" + i)).expect(200);
            if (i < 2) {
                live.add(person);
            } else {
                goneSessions.add(joined.get("sessionId").asText());
            }
        }
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> live.forEach(person -> app.post("/api/v1/meetings/" + id + "/heartbeat",
                person.token(), Map.of())), 0, 2, TimeUnit.SECONDS);
        try (PresenceKeys presence = new PresenceKeys(); Connection db = Platform.connect("meeting")) {
            presence.deleteAll(id);

            // The reconciler restores presence; the two who still beat stay, the two gone time out
            awaitAgreement(presence, db, id, Duration.ofSeconds(30));
            awaitUntil(() -> open(db, id).size() == 2 && presence.of(id).size() == 2, Duration.ofSeconds(120),
                    "the silent sessions closed after their presence was restored");
            assertEquals(open(db, id), presence.of(id).keySet(), "attendance in PostgreSQL equals presence in Redis");
            for (String session : goneSessions) {
                assertEquals("TIMED_OUT", reasonOf(db, session));
            }
        } finally {
            heartbeats.shutdownNow();
        }
    }

    @Test
    void aServiceKilledMidSweepLeavesNoSessionOpenForever() throws Exception {
        Person host = app.registerAdult("主持人");
        String id = app.post("/api/v1/meetings", host.token(), Map.of("topic", "清扫时崩溃", "kind", "INSTANT"))
                .expect(201).get("id").asText();
        int silent = 1500;
        try (PresenceKeys presence = new PresenceKeys(); Connection db = Platform.connect("meeting")) {
            // Many participants who vanished two minutes ago: several sweeps of short transactions
            List<String> sessions = seedSilentSessions(db, id, silent);
            long lastBeat = Instant.now().minusSeconds(120).toEpochMilli();
            for (String session : sessions) {
                presence.add(id, session, lastBeat);
            }
            awaitUntil(() -> open(db, id).size() < silent, Duration.ofSeconds(60), "the sweep began");
            platform.killAndRestart("meeting-service");
            System.out.println("meeting-service killed with " + open(db, id).size() + " of " + silent
                    + " silent sessions still open");

            awaitUntil(() -> open(db, id).isEmpty() && presence.of(id).isEmpty(), Duration.ofSeconds(180),
                    "every silent session closed and its presence gone after the restart");
            try (PreparedStatement reasons = db.prepareStatement("SELECT count(*) FROM attendance_session "
                    + "WHERE meeting_id = ?::uuid AND leave_reason = 'TIMED_OUT' AND abs(extract(epoch FROM left_at) * 1000 - ?) < 1")) {
                reasons.setString(1, id);
                reasons.setLong(2, lastBeat);
                try (ResultSet rs = reasons.executeQuery()) {
                    rs.next();
                    assertEquals(silent, rs.getLong(1), "each closed once, at its last heartbeat");
                }
            }
        }
    }

    private static List<String> seedSilentSessions(Connection db, String meetingId, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO attendance_session "
                + "(id, meeting_id, account_id, display_name, joined_at) VALUES (?::uuid, ?::uuid, ?::uuid, ?, now() - interval '5 minutes')")) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                insert.setString(1, id);
                insert.setString(2, meetingId);
                insert.setString(3, UUID.randomUUID().toString());
                insert.setString(4, "离开者" + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return ids;
    }

    private static void awaitAgreement(PresenceKeys presence, Connection db, String meetingId, Duration timeout)
            throws Exception {
        awaitUntil(() -> open(db, meetingId).equals(presence.of(meetingId).keySet()), timeout,
                "presence in Redis equal to the open sessions in PostgreSQL");
    }

    private static Set<String> open(Connection db, String meetingId) throws Exception {
        try (PreparedStatement select = db.prepareStatement(
                "SELECT id FROM attendance_session WHERE meeting_id = ?::uuid AND left_at IS NULL")) {
            select.setString(1, meetingId);
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static String reasonOf(Connection db, String sessionId) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("SELECT leave_reason FROM attendance_session WHERE id = '" + sessionId + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Check check, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not reached within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
