package io.huiketang.recording.cloud;

import java.net.URI;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.huiketang.kit.problem.ProblemException;
import io.huiketang.recording.RecordingsConfig;

/**
 * Each creator's cloud space (REC-3), kept exactly: every change is one atomic
 * {@code used_bytes = used_bytes + delta} in the transaction of the file's change (landing, trash,
 * restore), so concurrent changes never lose one another. A file in the trash no longer counts; a
 * recording that goes over while running is finished, and the next start is refused.
 */
@ApplicationScoped
public class StorageQuota {

    public static final URI QUOTA_EXCEEDED = URI.create("https://huiketang.io/problems/recording-quota-exceeded");

    private final RecordingsConfig config;
    private final EntityManager entities;

    StorageQuota(RecordingsConfig config, EntityManager entities) {
        this.config = config;
        this.entities = entities;
    }

    public long quotaBytes(UUID ownerId) {
        return config.storage().defaultQuotaBytes();
    }

    public long usedBytes(UUID ownerId) {
        Object used = entities.createNativeQuery("SELECT used_bytes FROM storage_usage WHERE owner_id = ?1")
                .setParameter(1, ownerId).getResultStream().findFirst().orElse(0L);
        return ((Number) used).longValue();
    }

    /** Refuses a cloud recording whose owner's space is used up already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireRoom(UUID ownerId) {
        if (ownerId == null) {
            throw ProblemException.conflict("The meeting's creator has no cloud space any more.");
        }
        if (usedBytes(ownerId) >= quotaBytes(ownerId)) {
            throw ProblemException.typed(QUOTA_EXCEEDED, 409, "Recording quota exceeded",
                    "The meeting creator's cloud space is full; delete recordings (and empty the trash) first.");
        }
    }

    /** Adds (or with a negative delta, frees) space, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void change(UUID ownerId, long deltaBytes) {
        if (ownerId == null || deltaBytes == 0) {
            return;
        }
        if (deltaBytes > 0) {
            entities.createNativeQuery("INSERT INTO storage_usage (owner_id, used_bytes) VALUES (?1, ?2) "
                    + "ON CONFLICT (owner_id) DO UPDATE SET used_bytes = storage_usage.used_bytes + ?2")
                    .setParameter(1, ownerId).setParameter(2, deltaBytes).executeUpdate();
        } else {
            // Freeing space: the row exists (the space was counted); the CHECK refuses going below zero
            entities.createNativeQuery("UPDATE storage_usage SET used_bytes = used_bytes + ?2 WHERE owner_id = ?1")
                    .setParameter(1, ownerId).setParameter(2, deltaBytes).executeUpdate();
        }
    }
}
