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

    /** The SFU's credentials; where clients connect is per edge region (huiketang.meeting.edges). */
    interface LiveKit {
        @WithDefault("devkey")
        String apiKey();

        /**
         * Signs join tokens and verifies webhooks: HUIKETANG_LIVEKIT_API_SECRET, a declared secret
         * (application.properties), so production refuses to start with the built-in one.
         */
        String apiSecret();

        @WithDefault("PT6H")
        Duration tokenTtl();
    }
}
