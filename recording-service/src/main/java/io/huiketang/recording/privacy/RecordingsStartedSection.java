package io.huiketang.recording.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.recording.recording.Recording;

/** Recordings the person started in someone else's cloud space or meeting (erased with RecordingsSection). */
@ApplicationScoped
public class RecordingsStartedSection implements PersonalDataSection {

    public record Exported(String recordingId, String meetingId, String kind, Instant startedAt) {
    }

    private final ObjectMapper json;

    RecordingsStartedSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "recordingsStarted";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<Recording> started = Recording.list("startedBy = ?1 order by startedAt", accountId);
        return json.valueToTree(started.stream().map(r -> new Exported(r.id.toString(), r.meetingId.toString(),
                r.kind.name(), r.startedAt)).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of(); // RecordingsSection anonymises startedBy with the rest of the recordings
    }
}
