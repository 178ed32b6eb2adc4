package io.huiketang.privacy.policy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.privacy.policy")
public interface PolicyConfig {

    /**
     * How far in the past a new version's effective time may lie (the operator's clock, the time the
     * request took): a version that took effect earlier would have bound people who were never told.
     */
    @WithDefault("PT5M")
    Duration effectiveAtSkew();

    /** Longest Chinese text of one version (the 2023 policy is about 25,000 characters). */
    @WithDefault("200000")
    int maxTextLength();

    @WithDefault("20000")
    int maxSummaryLength();
}
