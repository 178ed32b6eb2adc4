package io.huiketang.meeting.connection;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.meeting.connection-log")
public interface ConnectionLogConfig {

    /**
     * How long connection log entries are kept before the retention runner deletes them (the
     * {@code network-log} rule of data-map.yaml names this property). The law requires at least 180
     * days (网络安全法 art. 21); a shorter value stops the service at start-up.
     */
    @WithDefault("P180D")
    Duration retention();
}
