package io.huiketang.kit.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * The sessions that were ended before their access tokens expire (logout, cancellation, refresh
 * token reuse). account-service lists them; every service refuses their tokens at once. An entry
 * lives as long as the longest access token, after which the token itself has expired.
 */
@ApplicationScoped
public class RevokedSessions {

    static final String PREFIX = "huiketang:revoked-session:";

    private final ReactiveKeyCommands<String> keys;
    private final ReactiveValueCommands<String, String> values;

    RevokedSessions(ReactiveRedisDataSource redis) {
        this.keys = redis.key();
        this.values = redis.value(String.class);
    }

    public Uni<Void> revoke(String sessionId, Duration tokenLifetime) {
        return values.setex(key(sessionId), Math.max(1, tokenLifetime.toSeconds()), "1");
    }

    public Uni<Boolean> isRevoked(String sessionId) {
        return keys.exists(key(sessionId));
    }

    static String key(String sessionId) {
        return PREFIX + sessionId;
    }
}
