package io.huiketang.meeting.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.secrets.ProductionSecrets;
import io.huiketang.kit.testing.ProfileConfig;
import io.huiketang.meeting.support.LiveKitWebhooks;

/**
 * The LiveKit API secret is one of meeting-service's declared secrets: the packaged service (prod
 * profile) refuses to start with the built-in one (issue 11: an anonymous room_finished webhook
 * signed with it ended a meeting), and dev and test keep it.
 */
class LiveKitSecretTest {

    private static final Map<String, String> REAL_KEYS = Map.of("HUIKETANG_FIELD_KEY", "cmVhbC1maWVsZC1rZXktb2YtdGhpcy10ZXN0LXJ1bi0hIQ==",
            "HUIKETANG_LOOKUP_KEY", "cmVhbC1sb29rdXAta2V5LW9mLXRoaXMtdGVzdC1ydW4hIQ==");

    @Test
    void productionWithTheBuiltInLiveKitSecretIsRefusedByName() {
        assertEquals(List.of("huiketang.meeting.livekit.api-secret (HUIKETANG_LIVEKIT_API_SECRET) still has the built-in "
                + "local development value"), ProductionSecrets.refusals(ProfileConfig.load("prod", REAL_KEYS)));
    }

    @Test
    void productionWithItsOwnLiveKitSecretStarts() {
        Map<String, String> environment = new java.util.HashMap<>(REAL_KEYS);
        environment.put("HUIKETANG_LIVEKIT_API_SECRET", "a-secret-of-this-deployment-from-its-secret-store");
        assertEquals(List.of(), ProductionSecrets.refusals(ProfileConfig.load("prod", environment)));
        assertEquals("a-secret-of-this-deployment-from-its-secret-store", ProfileConfig.load("prod", environment)
                .getValue("huiketang.meeting.livekit.api-secret", String.class));
    }

    @Test
    void devAndTestSignWithTheBuiltInSecret() {
        for (String profile : List.of("dev", "test")) {
            assertEquals(List.of(), ProductionSecrets.refusals(ProfileConfig.load(profile, Map.of())));
            assertEquals(LiveKitWebhooks.SECRET, ProfileConfig.load(profile, Map.of())
                    .getValue("huiketang.meeting.livekit.api-secret", String.class));
        }
    }
}
