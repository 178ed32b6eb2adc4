package io.huiketang.account.verification;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.codes")
public interface VerificationCodesConfig {

    @WithDefault("PT5M")
    Duration lifetime();

    /** Wait before another code can be sent to the same number. */
    @WithDefault("PT60S")
    Duration resendAfter();

    @WithDefault("5")
    int maxAttempts();

    /** Codes per number and day. */
    @WithDefault("10")
    int perNumberPerDay();

    /** Codes per client IP and hour. */
    @WithDefault("30")
    int perIpPerHour();
}
