package io.huiketang.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Token buckets in Redis, shared by every gateway replica. One script refills and takes a token
 * atomically on Redis' own clock, so replicas with skewed clocks still agree.
 */
@Singleton
public class RateLimiter {

    // KEYS[1] bucket; ARGV capacity, period in ms. Returns allowed (1/0), tokens left, ms until the next
    // token, ms until the bucket is full again.
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local rate = capacity / period
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or capacity
            local at = tonumber(state[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], period + 1000)
            return {allowed, math.floor(tokens), wait, math.ceil((capacity - tokens) / rate)}
            """;

    /** What a request got from its bucket, and the headers that tell the client (RFC 9331 draft names). */
    public record Decision(boolean allowed, String policy, int capacity, long windowSeconds, long remaining,
            long retryAfterSeconds, long resetSeconds) {

        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("RateLimit-Policy", String.format(Locale.ROOT, "\"%s\";q=%d;w=%d", policy, capacity, windowSeconds));
            headers.put("RateLimit", String.format(Locale.ROOT, "\"%s\";r=%d;t=%d", policy, remaining, resetSeconds));
            headers.put("RateLimit-Limit", Integer.toString(capacity));
            headers.put("RateLimit-Remaining", Long.toString(remaining));
            headers.put("RateLimit-Reset", Long.toString(resetSeconds));
            if (!allowed) {
                headers.put("Retry-After", Long.toString(retryAfterSeconds));
            }
            return headers;
        }
    }

    private final RateLimitConfig config;
    private final ReactiveRedisDataSource redis;

    RateLimiter(RateLimitConfig config, ReactiveRedisDataSource redis) {
        this.config = config;
        this.redis = redis;
        if (!config.classes().containsKey("default")) {
            throw new IllegalStateException("huiketang.gateway.rate-limit.classes.default is required");
        }
    }

    /**
     * Takes one token from the caller's bucket of this class.
     *
     * @param caller {@code sub:<subject>} or {@code ip:<address>}
     * @return null when rate limiting is off
     */
    public Uni<Decision> take(String routeClass, String caller) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        String name = config.classes().containsKey(routeClass) ? routeClass : "default";
        RateLimitConfig.Bucket bucket = config.classes().get(name);
        long periodMillis = Math.max(1, bucket.period().toMillis());
        String key = config.keyPrefix() + name + ":" + caller;
        return redis.execute("EVAL", SCRIPT, "1", key, Integer.toString(bucket.capacity()), Long.toString(periodMillis))
                .map(reply -> decision(name, bucket, reply));
    }

    private static Decision decision(String name, RateLimitConfig.Bucket bucket, Response reply) {
        boolean allowed = reply.get(0).toLong() == 1;
        long remaining = Math.max(0, reply.get(1).toLong());
        long retryAfter = Math.max(1, (reply.get(2).toLong() + 999) / 1000);
        long reset = Math.max(0, (reply.get(3).toLong() + 999) / 1000);
        return new Decision(allowed, name, bucket.capacity(), Math.max(1, bucket.period().toSeconds()), remaining,
                retryAfter, reset);
    }
}
