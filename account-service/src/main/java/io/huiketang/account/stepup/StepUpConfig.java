package io.huiketang.account.stepup;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.step-up")
public interface StepUpConfig {

    /**
     * How long a step-up token is valid. privacy-service accepts its proof for 5 minutes after
     * {@code auth_time}; a longer token would outlive what it proves.
     */
    @WithDefault("PT5M")
    Duration tokenLifetime();
}
