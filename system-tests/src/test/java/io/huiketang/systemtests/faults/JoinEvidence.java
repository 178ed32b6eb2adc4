package io.huiketang.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;

/** Where an acknowledged join must be found afterwards: in the meeting's attendance, and as one event. */
final class JoinEvidence {

    static final String PARTICIPANT_JOINED = "huiketang.meeting.participant-joined.v1";

    private JoinEvidence() {
    }

    /** Every acknowledged session is in the attendance the creator sees, and no session is there twice. */
    static void assertInAttendance(Client app, Person creator, String meetingId, Set<String> acknowledged) {
        JsonNode attendance = app.get("/api/v1/meetings/" + meetingId + "/attendance", creator.token()).expect(200);
        List<String> sessions = attendance.get("participants").findValuesAsText("sessionId");
        assertEquals(sessions.size(), new HashSet<>(sessions).size(), "a session listed twice");
        Set<String> missing = new HashSet<>(acknowledged);
        sessions.forEach(missing::remove);
        assertTrue(missing.isEmpty(), missing.size() + " acknowledged joins are not in the attendance: " + missing);
    }

    /**
     * Per-key order: the meeting's events share one key, so one partition, and a person's joins
     * (acknowledged one after the other) must be read in the order they were acknowledged. The
     * first record of each session counts; a redelivery after a crash repeats one already read.
     */
    static void assertOrderKept(TopicReader events, String meetingId, Map<String, List<String>> sessionsByPerson) {
        List<String> firstSeen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : events.readToEnd(Duration.ofSeconds(30))) {
            ConsumedEvent event = PublishedEvents.assertValid(r);
            if (PARTICIPANT_JOINED.equals(event.type()) && meetingId.equals(event.data().get("meetingId").asText())
                    && seen.add(event.data().get("sessionId").asText())) {
                firstSeen.add(event.data().get("sessionId").asText());
            }
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < firstSeen.size(); i++) {
            position.put(firstSeen.get(i), i);
        }
        List<String> outOfOrder = new ArrayList<>();
        sessionsByPerson.forEach((person, sessions) -> {
            int last = -1;
            for (String session : sessions) {
                int at = position.getOrDefault(session, -1);
                if (at < last) {
                    outOfOrder.add(session);
                }
                last = Math.max(last, at);
            }
        });
        assertTrue(outOfOrder.isEmpty(), "joins published before an earlier join of the same person: " + outOfOrder);
    }

    /**
     * Every acknowledged session was published as exactly one participant-joined event (one event
     * id; a redelivery of that same id after a crash is what consumers' inboxes absorb).
     *
     * @return how many records were redeliveries of an event already read
     */
    static int assertPublishedOnce(TopicReader events, String meetingId, Set<String> acknowledged, Duration timeout) {
        Map<String, Set<String>> eventIdsBySession = new HashMap<>();
        int[] read = { 0, 0 }; // records looked at, participant-joined records of this meeting
        events.readUntil(rs -> {
            for (ConsumerRecord<String, byte[]> r : rs.subList(read[0], rs.size())) {
                ConsumedEvent event = PublishedEvents.assertValid(r);
                if (PARTICIPANT_JOINED.equals(event.type()) && meetingId.equals(event.data().get("meetingId").asText())) {
                    read[1]++;
                    eventIdsBySession.computeIfAbsent(event.data().get("sessionId").asText(), s -> new HashSet<>())
                            .add(event.id());
                }
            }
            read[0] = rs.size();
            return eventIdsBySession.keySet().containsAll(acknowledged);
        }, timeout);
        List<String> twice = new ArrayList<>();
        eventIdsBySession.forEach((session, ids) -> {
            if (ids.size() > 1) {
                twice.add(session);
            }
        });
        assertTrue(twice.isEmpty(), "sessions published as two different events: " + twice);
        return read[1] - eventIdsBySession.size();
    }
}
