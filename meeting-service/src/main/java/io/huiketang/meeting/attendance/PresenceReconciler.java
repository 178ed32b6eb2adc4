package io.huiketang.meeting.attendance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Brings Redis back in line with PostgreSQL: an open session with no presence (Redis restarted
 * without persistence, a write after commit failed) gets one beating at the time the loss is
 * noticed. A live client keeps it with its heartbeats; a client that is gone stays silent and the
 * sweeper closes the session after the heartbeat timeout, at the time of that repair, so no
 * session stays open forever and no live participant is dropped. Presence of a closed session
 * needs no repair here: it is silent, and the sweeper forgets it.
 */
@ApplicationScoped
public class PresenceReconciler {

    private final Presence presence;
    private final PresenceConfig config;

    PresenceReconciler(Presence presence, PresenceConfig config) {
        this.presence = presence;
        this.config = config;
    }

    @Scheduled(every = "${huiketang.meeting.presence.reconcile-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        reconcile(Instant.now());
    }

    /** @return sessions whose presence was restored */
    public int reconcile(Instant now) {
        int restored = 0;
        UUID after = null;
        while (true) {
            List<UUID[]> page = openSessions(after);
            if (page.isEmpty()) {
                return restored;
            }
            List<UUID[]> missing = presence.restoreMissing(page, now);
            restored += missing.size() - forgetClosedMeanwhile(missing);
            after = page.get(page.size() - 1)[1];
            if (page.size() < config.reconcileBatchSize()) {
                return restored;
            }
        }
    }

    /** One short read per page, in the order of the open-sessions index. */
    private List<UUID[]> openSessions(UUID after) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = AttendanceSession.getEntityManager().createQuery(
                    "select s.meetingId, s.id from AttendanceSession s where s.leftAt is null"
                            + (after == null ? "" : " and s.id > :after") + " order by s.id", Object[].class)
                    .setMaxResults(config.reconcileBatchSize());
            if (after != null) {
                query.setParameter("after", after);
            }
            List<UUID[]> page = new ArrayList<>();
            for (Object[] row : query.getResultList()) {
                page.add(new UUID[] { (UUID) row[0], (UUID) row[1] });
            }
            return page;
        });
    }

    /* A session may have closed (and forgotten its presence) between the read and the repair. */
    private int forgetClosedMeanwhile(List<UUID[]> restored) {
        if (restored.isEmpty()) {
            return 0;
        }
        List<UUID> ids = restored.stream().map(session -> session[1]).toList();
        List<UUID> stillOpen = QuarkusTransaction.requiringNew().call(() -> AttendanceSession.getEntityManager()
                .createQuery("select s.id from AttendanceSession s where s.id in :ids and s.leftAt is null", UUID.class)
                .setParameter("ids", ids).getResultList());
        int forgotten = 0;
        for (UUID[] session : restored) {
            if (!stillOpen.contains(session[1])) {
                presence.forget(session[0], session[1]);
                forgotten++;
            }
        }
        return forgotten;
    }
}
