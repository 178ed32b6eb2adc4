package io.huiketang.meeting.attendance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.huiketang.kit.persistence.AfterCommit;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZAddArgs;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;

/**
 * Who is in a meeting now, as Redis keeps it: every open session with the time of its last
 * heartbeat, so a client that vanished can be marked as left when its heartbeats stop.
 * PostgreSQL is the truth: a change made with a transaction reaches Redis only once it committed,
 * and {@link PresenceReconciler} repairs what a failed Redis write or a Redis restart lost.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);

    /** An open session whose heartbeats stopped. */
    public record Silent(UUID meetingId, UUID sessionId, Instant lastBeat) {
    }

    private final SortedSetCommands<String, String> sessions;
    private final AfterCommit afterCommit;
    private final String key;

    Presence(RedisDataSource redis, AfterCommit afterCommit, PresenceConfig config) {
        this.sessions = redis.sortedSet(String.class);
        this.afterCommit = afterCommit;
        this.key = config.key();
    }

    public void beat(UUID meetingId, UUID sessionId, Instant at) {
        sessions.zadd(key, at.toEpochMilli(), member(meetingId, sessionId));
    }

    public void forget(UUID meetingId, UUID sessionId) {
        sessions.zrem(key, member(meetingId, sessionId));
    }

    /** The session's presence begins when the transaction that opened it commits (nothing on rollback). */
    public void beatAfterCommit(UUID meetingId, UUID sessionId, Instant at) {
        afterCommit(() -> beat(meetingId, sessionId, at));
    }

    /** The session's presence ends when the transaction that closed it commits (nothing on rollback). */
    public void forgetAfterCommit(UUID meetingId, UUID sessionId) {
        afterCommit(() -> forget(meetingId, sessionId));
    }

    /** The last heartbeat of a session, or null when Redis has no presence for it. */
    public Instant lastBeat(UUID meetingId, UUID sessionId) {
        var score = sessions.zscore(key, member(meetingId, sessionId));
        return score.isPresent() ? Instant.ofEpochMilli((long) score.getAsDouble()) : null;
    }

    /** Sessions whose last heartbeat is older than {@code before}, oldest first. */
    public List<Silent> silentSince(Instant before, int limit) {
        return sessions.zrangebyscoreWithScores(key, ScoreRange.from(0, before.toEpochMilli()),
                new ZRangeArgs().limit(0, limit)).stream()
                .map(entry -> {
                    String[] ids = entry.value().split(":");
                    return new Silent(UUID.fromString(ids[0]), UUID.fromString(ids[1]),
                            Instant.ofEpochMilli((long) entry.score()));
                }).toList();
    }

    /**
     * Gives each of these sessions that has no presence one beating at {@code at}, leaving real
     * heartbeats alone.
     *
     * @param sessions meeting id and session id of each open session
     * @return the sessions whose presence was missing
     */
    public List<UUID[]> restoreMissing(List<UUID[]> open, Instant at) {
        if (open.isEmpty()) {
            return List.of();
        }
        String[] members = open.stream().map(ids -> member(ids[0], ids[1])).toArray(String[]::new);
        List<java.util.OptionalDouble> scores = sessions.zmscore(key, members);
        List<UUID[]> missing = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            if (scores.get(i).isEmpty()) {
                missing.add(open.get(i));
                sessions.zadd(key, new ZAddArgs().nx(), at.toEpochMilli(), members[i]);
            }
        }
        return missing;
    }

    private void afterCommit(Runnable change) {
        afterCommit.run(() -> {
            try {
                change.run();
            } catch (RuntimeException e) {
                // The reconciler or the sweeper brings Redis back in line with what committed
                LOG.warnf("Presence not updated after commit (%s); the reconciler repairs it",
                        e.getClass().getSimpleName());
            }
        });
    }

    private static String member(UUID meetingId, UUID sessionId) {
        return meetingId + ":" + sessionId;
    }
}
