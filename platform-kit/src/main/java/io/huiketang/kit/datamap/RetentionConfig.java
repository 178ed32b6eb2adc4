package io.huiketang.kit.datamap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The retention runner: how often it purges by the data map, and in what batches. */
@ConfigMapping(prefix = "huiketang.retention")
public interface RetentionConfig {

    /** How often the purge runs ({@code off} disables the schedule: tests run it themselves). */
    @WithDefault("1h")
    String every();

    /** How long after start-up the first run waits. */
    @WithDefault("5m")
    String delay();

    /** Rows deleted or anonymised per transaction: short locks, replicas take turns rule by rule. */
    @WithDefault("1000")
    int batchSize();
}
