package io.huiketang.meeting.attendance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where presence lives in Redis and how it is kept true to the attendance in PostgreSQL. */
@ConfigMapping(prefix = "huiketang.meeting.presence")
public interface PresenceConfig {

    /** The sorted set of open sessions; tests suffix their database so parallel runs keep apart. */
    @WithDefault("huiketang:meeting:heartbeats")
    String key();

    /** Silent sessions one sweep closes, each in its own short transaction. */
    @WithDefault("500")
    int sweepBatchSize();

    /** How often the reconciler runs: a duration ({@code 30s}), or {@code off} (tests run it themselves). */
    @WithDefault("30s")
    String reconcileInterval();

    /** Open sessions the reconciler compares with Redis per round trip. */
    @WithDefault("500")
    int reconcileBatchSize();
}
