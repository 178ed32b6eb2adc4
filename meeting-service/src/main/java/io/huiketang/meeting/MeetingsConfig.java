package io.huiketang.meeting;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.meeting")
public interface MeetingsConfig {

    /** A started meeting with nobody in it for this long ends by itself. */
    @WithDefault("PT10M")
    Duration emptyMeetingTimeout();

    /** A participant without a heartbeat for this long is marked as left at their last heartbeat. */
    @WithDefault("PT45S")
    Duration heartbeatTimeout();

    LiveKit livekit();

    interface LiveKit {
        /** Where clients connect when no edge region is configured for them. */
        @WithDefault("ws://127.0.0.1:7880")
        String url();

        @WithDefault("devkey")
        String apiKey();

        /** Signs join tokens and verifies webhooks; production takes it from a secret. */
        @WithDefault("local-development-livekit-secret-not-for-production")
        String apiSecret();

        @WithDefault("PT6H")
        Duration tokenTtl();
    }
}
