package io.huiketang.meeting.telemetry;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.meeting.telemetry")
public interface TelemetryConfig {

    /** Largest request body of one batch; a larger declared Content-Length is refused with 413 before reading. */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /** How far ahead of the server's clock a report's time may be (clients' clocks drift). */
    @WithDefault("PT1H")
    Duration clockSkew();

    Retention retention();

    /** How long each kind is kept, counted from when the service received it (data-map.yaml's rules read these). */
    interface Retention {
        @WithDefault("P30D")
        Duration quality();

        @WithDefault("P180D")
        Duration device();

        @WithDefault("P90D")
        Duration crash();

        @WithDefault("P30D")
        Duration traffic();

        @WithDefault("P180D")
        Duration operation();
    }
}
