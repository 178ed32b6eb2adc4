package io.huiketang.recording;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** recording-service's own settings (application.properties, section by section). */
@ConfigMapping(prefix = "huiketang.recording")
public interface RecordingsConfig {

    /** A participant notified this long ago without an answer is listed as UNACKNOWLEDGED. */
    @WithDefault("PT2M")
    Duration acknowledgementTimeout();

    /** How often the trash purge runs ({@code off} in tests, which run it themselves). */
    @WithDefault("1h")
    String trashPurgeEvery();

    Notice notice();

    Storage storage();

    LiveKit livekit();

    /** What participants are told (REC-1); at most 500 characters (the recording-started schema). */
    interface Notice {
        @WithDefault("本会议正在进行云录制，录制文件保存在会议创建者的云空间。继续参会即表示您知悉录制；如不同意，请选择离开会议。")
        String cloud();

        @WithDefault("本会议正在被主持人在本地录制，录制文件保存在主持人的设备上。继续参会即表示您知悉录制；如不同意，请选择离开会议。")
        String local();
    }

    /** The S3 store of cloud recordings (REC-3); defaults to the store platform-kit's claim-checks use. */
    interface Storage {
        String endpoint();

        @WithDefault("us-east-1")
        String region();

        String accessKey();

        String secretKey();

        /** Created on first use when missing. */
        @WithDefault("recordings")
        String bucket();

        /** Cloud space per creator, in bytes. */
        @WithDefault("10737418240")
        long defaultQuotaBytes();

        /** How long a download link works. */
        @WithDefault("PT5M")
        Duration downloadLinkLifetime();

        /** How long a deleted recording stays in the trash before it is purged. */
        @WithDefault("P30D")
        Duration trashRetention();
    }

    /** The SFU's credentials: the API secret verifies egress webhooks. */
    interface LiveKit {
        @WithDefault("devkey")
        String apiKey();

        /** HUIKETANG_LIVEKIT_API_SECRET, a declared secret (application.properties). */
        String apiSecret();
    }
}
