package io.huiketang.kit.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Accounts whose rights changed (an admin right granted or revoked, a membership ended, the account
 * suspended) while access tokens stating the old rights are still valid. account-service records
 * the time of the change; every service refuses a token issued at or before it, so the client
 * refreshes and gets a token with the current claims. An entry lives as long as the longest access
 * token, after which every token issued before the change has expired anyway.
 */
@ApplicationScoped
public class StaleTokens {

    static final String PREFIX = "huiketang:stale-tokens:";

    // Keeps the latest change: an older mark arriving late (another replica, a retry) never lowers it
    private static final String MARK = "local current = tonumber(redis.call('GET', KEYS[1]) or '0') "
            + "if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
            + "else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 1";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;

    StaleTokens(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class);
    }

    /** Tokens of this account issued at or before {@code changedAt} are refused from now on. */
    public Uni<Void> markChanged(UUID accountId, Instant changedAt, Duration tokenLifetime) {
        return redis.execute("EVAL", MARK, "1", key(accountId.toString()),
                Long.toString(changedAt.toEpochMilli()), Long.toString(Math.max(1000, tokenLifetime.toMillis())))
                .replaceWithVoid();
    }

    /** When this account's rights last changed, in epoch milliseconds; null when not within a token's lifetime. */
    public Uni<Long> changedAt(UUID accountId) {
        return values.get(key(accountId.toString())).map(value -> value == null ? null : Long.parseLong(value));
    }

    static String key(String accountId) {
        return PREFIX + accountId;
    }
}
