package io.huiketang.account.registration;

import io.huiketang.kit.privacy.PrivacyProtocol;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.policy")
public interface PolicyConfig {

    /**
     * The privacy-policy version a person must accept until privacy-service has published one
     * (the bootstrap); once a published version is effective, that one is current.
     */
    String currentVersion();

    /** Where privacy-service publishes policy versions ({@link PrivacyProtocol#REQUESTS_TOPIC}). */
    @WithDefault(PrivacyProtocol.REQUESTS_TOPIC)
    String eventsTopic();
}
