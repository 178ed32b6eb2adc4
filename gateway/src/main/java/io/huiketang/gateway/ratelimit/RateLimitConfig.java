package io.huiketang.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Token buckets per route class: each caller (subject, or client address when anonymous) has its own. */
@ConfigMapping(prefix = "huiketang.gateway.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Prefix of the bucket keys in Redis (tests give each run its own). */
    @WithDefault("huiketang:gateway:rate:")
    String keyPrefix();

    /** The classes routes name; {@code default} must exist. */
    Map<String, Bucket> classes();

    interface Bucket {
        /** Requests a caller may make at once (the bucket's size). */
        int capacity();

        /** Time in which an empty bucket fills up again (capacity / period is the sustained rate). */
        Duration period();
    }
}
