package io.huiketang.recording.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.recording.recording.NoticeEntry;

/** The person's evidence entries (REC-1): every notice, answer and leave; erasure deletes them. */
@ApplicationScoped
public class NoticesSection implements PersonalDataSection {

    public record Exported(String recordingId, String sessionId, String channel, Instant notifiedAt, String answer,
            Instant answeredAt, Instant leftAt) {
    }

    private final ObjectMapper json;

    NoticesSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "notices";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<NoticeEntry> entries = NoticeEntry.list("accountId = ?1 order by notifiedAt", accountId);
        return json.valueToTree(entries.stream().map(e -> new Exported(e.recordingId.toString(),
                e.sessionId.toString(), e.channel.name(), e.notifiedAt, e.answer == null ? null : e.answer.name(),
                e.answeredAt, e.leftAt)).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("recording_notice", NoticeEntry.delete("accountId", accountId));
    }
}
