package io.huiketang.recording.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.huiketang.kit.privacy.PersonalDataSection;

/** The download links the person asked for (REC-3); erasure deletes them. */
@ApplicationScoped
public class StorageAndDownloadsSection implements PersonalDataSection {

    public record Exported(String recordingId, Instant requestedAt) {
    }

    private final ObjectMapper json;
    private final EntityManager entities;

    StorageAndDownloadsSection(ObjectMapper json, EntityManager entities) {
        this.json = json;
        this.entities = entities;
    }

    @Override
    public String name() {
        return "downloads";
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonNode export(UUID accountId) {
        List<Object[]> rows = entities.createNativeQuery("SELECT recording_id, requested_at FROM recording_download "
                + "WHERE account_id = ?1 ORDER BY requested_at").setParameter(1, accountId).getResultList();
        return json.valueToTree(rows.stream().map(r -> new Exported(r[0].toString(), instant(r[1]))).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("recording_download", (long) entities.createNativeQuery(
                "DELETE FROM recording_download WHERE account_id = ?1").setParameter(1, accountId).executeUpdate());
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return Instant.parse(value.toString());
    }

    /** The person's cloud space used, as its own section. */
    @ApplicationScoped
    public static class StorageSection implements PersonalDataSection {

        private final ObjectMapper json;
        private final EntityManager entities;

        StorageSection(ObjectMapper json, EntityManager entities) {
            this.json = json;
            this.entities = entities;
        }

        @Override
        public String name() {
            return "storage";
        }

        @Override
        public JsonNode export(UUID accountId) {
            ObjectNode storage = json.createObjectNode();
            entities.createNativeQuery("SELECT used_bytes FROM storage_usage WHERE owner_id = ?1")
                    .setParameter(1, accountId).getResultStream().findFirst()
                    .ifPresent(used -> storage.put("usedBytes", ((Number) used).longValue()));
            return storage;
        }

        @Override
        public Map<String, Long> erase(UUID accountId) {
            return Map.of(); // RecordingsSection deletes it with the files it counts
        }
    }
}
