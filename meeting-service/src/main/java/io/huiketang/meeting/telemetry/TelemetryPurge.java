package io.huiketang.meeting.telemetry;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes reports older than their kind's retention, counted from when they were received. Each
 * batch is its own short transaction that locks only the rows it deletes and skips rows another
 * replica holds, so several replicas share the work; running it again deletes nothing more.
 */
@ApplicationScoped
public class TelemetryPurge {

    private static final Logger LOG = Logger.getLogger(TelemetryPurge.class);

    private static final String DELETE_BATCH = "DELETE FROM telemetry_record WHERE id IN ("
            + "SELECT id FROM telemetry_record WHERE kind = ?1 AND received_at < ?2 LIMIT ?3 FOR UPDATE SKIP LOCKED)";

    private final EntityManager entityManager;
    private final TelemetryConfig config;

    TelemetryPurge(EntityManager entityManager, TelemetryConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    @Scheduled(identity = "telemetry-purge", every = "${huiketang.meeting.telemetry.purge.every:1h}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        Map<TelemetryKind, Long> deleted = purgeExpired(Instant.now());
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Telemetry purged past retention: %s", deleted);
        }
    }

    /** Deletes, kind by kind, every report received before {@code now} minus its retention; rows per kind. */
    public Map<TelemetryKind, Long> purgeExpired(Instant now) {
        Map<TelemetryKind, Long> deleted = new EnumMap<>(TelemetryKind.class);
        int batchSize = config.purge().batchSize();
        for (TelemetryKind kind : TelemetryKind.values()) {
            Instant cutoff = now.minus(kind.retention(config.retention()));
            long total = 0;
            int batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(DELETE_BATCH)
                        .setParameter(1, kind.name()).setParameter(2, cutoff).setParameter(3, batchSize)
                        .executeUpdate());
                total += batch;
            } while (batch == batchSize);
            deleted.put(kind, total);
        }
        return deleted;
    }
}
