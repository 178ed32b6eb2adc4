package io.huiketang.kit.inbox;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.inbox")
public interface InboxConfig {

    /** Whether this instance consumes at all. */
    @WithDefault("true")
    boolean enabled();

    /** Consumer group; defaults to the application name, so replicas share the partitions. */
    Optional<String> groupId();

    /** Where events go that cannot be applied after {@link #maxAttempts()} tries. */
    String deadLetterTopic();

    @WithDefault("3")
    int maxAttempts();

    /** Pause before the second attempt; doubled before each further one. */
    @WithDefault("PT0.2S")
    Duration retryBackoff();

    @WithDefault("PT0.5S")
    Duration pollTimeout();

    /** Longest pause before the consumer starts again after a failure outside the events (database, Kafka). */
    @WithDefault("PT10S")
    Duration maxBackoff();
}
