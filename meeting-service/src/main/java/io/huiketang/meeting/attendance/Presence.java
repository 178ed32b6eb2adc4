package io.huiketang.meeting.attendance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;

/**
 * Who is in a meeting now, as Redis keeps it: every open session with the time of its last
 * heartbeat, so a client that vanished can be marked as left when its heartbeats stop.
 */
@ApplicationScoped
public class Presence {

    static final String HEARTBEATS = "huiketang:meeting:heartbeats";

    /** An open session whose heartbeats stopped. */
    public record Silent(UUID meetingId, UUID sessionId, Instant lastBeat) {
    }

    private final SortedSetCommands<String, String> sessions;

    Presence(RedisDataSource redis) {
        this.sessions = redis.sortedSet(String.class);
    }

    public void beat(UUID meetingId, UUID sessionId, Instant at) {
        sessions.zadd(HEARTBEATS, at.toEpochMilli(), meetingId + ":" + sessionId);
    }

    public void forget(UUID meetingId, UUID sessionId) {
        sessions.zrem(HEARTBEATS, meetingId + ":" + sessionId);
    }

    /** Sessions whose last heartbeat is older than {@code before}. */
    public List<Silent> silentSince(Instant before, int limit) {
        return sessions.zrangebyscoreWithScores(HEARTBEATS, ScoreRange.from(0, before.toEpochMilli()),
                new io.quarkus.redis.datasource.sortedset.ZRangeArgs().limit(0, limit)).stream()
                .map(entry -> {
                    String[] ids = entry.value().split(":");
                    return new Silent(UUID.fromString(ids[0]), UUID.fromString(ids[1]),
                            Instant.ofEpochMilli((long) entry.score()));
                }).toList();
    }
}
