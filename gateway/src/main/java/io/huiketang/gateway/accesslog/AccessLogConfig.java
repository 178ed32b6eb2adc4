package io.huiketang.gateway.accesslog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The network log (kept 180 days by the topic's retention, never in local files). */
@ConfigMapping(prefix = "huiketang.gateway.access-log")
public interface AccessLogConfig {

    @WithDefault("true")
    boolean enabled();

    @WithDefault("gateway.access-log")
    String topic();

    /** Entries waiting for Kafka; beyond this they are dropped (and counted) rather than slow requests. */
    @WithDefault("10000")
    int queueCapacity();
}
