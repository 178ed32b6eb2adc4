package io.huiketang.account.registration;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "huiketang.account.policy")
public interface PolicyConfig {

    /** The privacy-policy version a person must accept to register. */
    String currentVersion();
}
