package io.huiketang.recording.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.huiketang.recording.cloud.RecordingStorage;
import io.huiketang.recording.meetings.MeetingCopy;
import io.huiketang.recording.recording.Recording;

/**
 * The person's own recordings (their cloud space) and its usage: erasure deletes their files from the
 * store and then the rows (with every evidence entry and download of those recordings); in others'
 * recordings the person as starter is anonymised, and their id as a meeting's creator is cleared from
 * the read model.
 */
@ApplicationScoped
public class RecordingsSection implements PersonalDataSection {

    public record Exported(String recordingId, String meetingId, String kind, String status, Instant startedAt,
            Instant stoppedAt, String objectKey, Long sizeBytes, Long durationMs, Instant landedAt,
            Instant trashedAt) {
    }

    private final ObjectMapper json;
    private final RecordingStorage storage;

    RecordingsSection(ObjectMapper json, RecordingStorage storage) {
        this.json = json;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "recordings";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<Recording> owned = Recording.list("ownerId = ?1 order by startedAt", accountId);
        return json.valueToTree(owned.stream().map(r -> new Exported(r.id.toString(), r.meetingId.toString(),
                r.kind.name(), r.status.name(), r.startedAt, r.stoppedAt, r.objectKey, r.sizeBytes, r.durationMs,
                r.landedAt, r.trashedAt)).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        List<Recording> owned = Recording.list("ownerId = ?1", accountId);
        for (Recording recording : owned) {
            if (recording.objectKey != null) {
                storage.delete(recording.objectKey);
            }
        }
        long recordings = Recording.delete("ownerId = ?1", accountId);
        long started = Recording.update("startedBy = null where startedBy = ?1", accountId);
        long meetings = MeetingCopy.update("creatorId = null where creatorId = ?1", accountId);
        long usage = Recording.getEntityManager().createNativeQuery("DELETE FROM storage_usage WHERE owner_id = ?1")
                .setParameter(1, accountId).executeUpdate();
        return Map.of("recording", recordings + started, "meeting_copy", meetings, "storage_usage", usage);
    }

    /** After the notices and downloads, which reference recordings. */
    @Override
    public int eraseOrder() {
        return 10;
    }
}
