package io.huiketang.recording.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.recording.meetings.MeetingPresence;

/** The person's attendance sessions as copied from meeting.events; erasure deletes them. */
@ApplicationScoped
public class PresenceSection implements PersonalDataSection {

    public record Exported(String sessionId, String meetingId, boolean host, Instant joinedAt, Instant leftAt) {
    }

    private final ObjectMapper json;

    PresenceSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<MeetingPresence> sessions = MeetingPresence.list("accountId = ?1 order by joinedAt", accountId);
        return json.valueToTree(sessions.stream().map(s -> new Exported(s.sessionId.toString(),
                s.meetingId.toString(), s.host, s.joinedAt, s.leftAt)).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("meeting_presence", MeetingPresence.delete("accountId", accountId));
    }
}
