package io.huiketang.account.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.secrets.ProductionSecrets;
import io.huiketang.kit.testing.ProfileConfig;

/** The WeChat app secret is one of account-service's declared secrets: production refuses the built-in one. */
class WeChatSecretTest {

    private static final Map<String, String> REAL_KEYS = Map.of(
            "HUIKETANG_FIELD_KEY", "cmVhbC1maWVsZC1rZXktb2YtdGhpcy10ZXN0LXJ1bi0hIQ==",
            "HUIKETANG_LOOKUP_KEY", "cmVhbC1sb29rdXAta2V5LW9mLXRoaXMtdGVzdC1ydW4hIQ==");

    @Test
    void productionWithTheBuiltInWeChatSecretIsRefusedByName() {
        assertEquals(List.of("huiketang.account.wechat.secret (HUIKETANG_WECHAT_SECRET) still has the built-in local "
                + "development value"), ProductionSecrets.refusals(ProfileConfig.load("prod", REAL_KEYS)));
    }

    @Test
    void productionWithItsOwnSecretsStartsAndDevAndTestKeepTheBuiltInOnes() {
        Map<String, String> environment = new HashMap<>(REAL_KEYS);
        environment.put("HUIKETANG_WECHAT_SECRET", "the-apps-own-appsecret");
        assertEquals(List.of(), ProductionSecrets.refusals(ProfileConfig.load("prod", environment)));
        for (String profile : List.of("dev", "test")) {
            assertEquals(List.of(), ProductionSecrets.refusals(ProfileConfig.load(profile, Map.of())));
            assertEquals("local-development-secret", ProfileConfig.load(profile, Map.of())
                    .getValue("huiketang.account.wechat.secret", String.class));
        }
    }
}
