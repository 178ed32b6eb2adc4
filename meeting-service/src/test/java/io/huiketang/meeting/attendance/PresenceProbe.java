package io.huiketang.meeting.attendance;

import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.redis.datasource.RedisDataSource;

/** Reads and removes single presence entries of a test's own sessions (never anything else of the shared Redis). */
final class PresenceProbe {

    private final RedisDataSource redis;

    PresenceProbe(RedisDataSource redis) {
        this.redis = redis;
    }

    static String key() {
        return ConfigProvider.getConfig().getOptionalValue("huiketang.meeting.presence.key", String.class)
                .orElse("huiketang:meeting:heartbeats");
    }

    boolean present(UUID meetingId, UUID sessionId) {
        return redis.sortedSet(String.class).zscore(key(), meetingId + ":" + sessionId).isPresent();
    }

    java.util.OptionalDouble score(UUID meetingId, UUID sessionId) {
        return redis.sortedSet(String.class).zscore(key(), meetingId + ":" + sessionId);
    }

    /** What a Redis restart without persistence does to these sessions. */
    void lose(UUID meetingId, UUID sessionId) {
        redis.sortedSet(String.class).zrem(key(), meetingId + ":" + sessionId);
    }
}
