package io.huiketang.kit.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.outbox")
public interface OutboxConfig {

    /** Build time: false in a service without a database (no outbox, inbox or privacy protocol). */
    @WithDefault("true")
    boolean enabled();

    Relay relay();

    /**
     * Largest event the outbox accepts (its CloudEvent JSON, in bytes), under Kafka's 1 MiB record
     * limit with room for headers: a larger one is refused when written, never parked later.
     */
    @WithDefault("921600")
    int maxEventBytes();

    /**
     * Whether each event is checked against its type's JSON Schema when written. The services build
     * their events themselves, so a mismatch is a programming error that the tests catch (on in the
     * test and dev profiles); in production the check would only cost CPU on every write.
     */
    @WithDefault("false")
    boolean validateEvents();

    interface Relay {
        /** Whether this instance relays; several replicas may all relay at once. */
        @WithDefault("true")
        boolean enabled();

        /** Rows taken per lane and transaction. */
        @WithDefault("200")
        int batchSize();

        /** Pause when nothing was waiting. */
        @WithDefault("PT0.05S")
        Duration pollInterval();

        /**
         * Aggregates are spread over this many lanes; a lane is relayed by one replica at a time,
         * which keeps each aggregate's events in order while replicas share the work.
         */
        @WithDefault("8")
        int lanes();

        /** No new wave of a lane's batch starts after this long: bounds how long the lane is held. */
        @WithDefault("PT20S")
        Duration batchTimeLimit();

        /** Longest pause between retries while Kafka or the database is unavailable. */
        @WithDefault("PT10S")
        Duration maxBackoff();
    }
}
