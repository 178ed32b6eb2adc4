package io.huiketang.gateway.accesslog;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The network log: on Kafka (kept 180 days by the topic's retention), spooled locally only while Kafka is away. */
@ConfigMapping(prefix = "huiketang.gateway.access-log")
public interface AccessLogConfig {

    @WithDefault("true")
    boolean enabled();

    @WithDefault("gateway.access-log")
    String topic();

    /** Entries waiting for the sender thread; beyond this they are dropped (and counted) rather than slow requests. */
    @WithDefault("10000")
    int queueCapacity();

    Spool spool();

    /** Where entries wait while Kafka does not take them. */
    interface Spool {

        /** A directory of its own (a volume in Kubernetes, so that a restart keeps it). */
        String directory();

        /** The most the spool holds; entries beyond are dropped and counted. */
        @WithDefault("256M")
        MemorySize maxSize();

        /** How often Kafka is tried again while entries are spooled. */
        @WithDefault("PT5S")
        Duration retryEvery();
    }
}
