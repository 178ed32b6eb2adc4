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
