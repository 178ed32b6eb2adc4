package io.huiketang.recording.cloud;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.huiketang.recording.RecordingsConfig;
import io.huiketang.recording.recording.Recording;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Empties the trash (REC-3): a recording deleted longer than {@code trash-retention} ago loses its file
 * and its row (with its evidence and downloads). One recording per transaction; the file goes first,
 * so a failure leaves the row to be purged by the next run (deleting a missing object is no error).
 */
@ApplicationScoped
public class TrashPurge {

    private static final Logger LOG = Logger.getLogger(TrashPurge.class);
    static final int BATCH = 100;

    private final RecordingStorage storage;
    private final RecordingsConfig config;

    TrashPurge(RecordingStorage storage, RecordingsConfig config) {
        this.storage = storage;
        this.config = config;
    }

    @Scheduled(every = "${huiketang.recording.trash-purge-every}", delayed = "1m", identity = "recording-trash-purge",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int purged = purgeOlderThan(Instant.now().minus(config.storage().trashRetention()));
        if (purged > 0) {
            LOG.infof("Purged %d recordings from the trash", purged);
        }
    }

    /** Purges every recording trashed before {@code cutoff}; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        int purged = 0;
        while (true) {
            List<UUID> batch = QuarkusTransaction.requiringNew().call(() -> Recording
                    .<Recording>find("trashedAt < ?1 order by trashedAt", cutoff).page(0, BATCH).list()
                    .stream().map(r -> r.id).toList());
            if (batch.isEmpty()) {
                return purged;
            }
            for (UUID id : batch) {
                purged += QuarkusTransaction.requiringNew().call(() -> purge(id, cutoff)) ? 1 : 0;
            }
        }
    }

    private boolean purge(UUID id, Instant cutoff) {
        Recording recording = Recording.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (recording == null || recording.trashedAt == null || !recording.trashedAt.isBefore(cutoff)) {
            return false; // restored or purged meanwhile
        }
        if (recording.objectKey != null) {
            storage.delete(recording.objectKey);
        }
        recording.delete();
        return true;
    }
}
