package io.huiketang.privacy.marketing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.privacy.marketing")
public interface MarketingConfig {

    /** Ends every campaign SMS (PRV-3: opt-out at any time); appended when the text does not already contain it. */
    @WithDefault("回复TD退订")
    String optOutInstruction();
}
