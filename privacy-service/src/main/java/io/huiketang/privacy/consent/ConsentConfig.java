package io.huiketang.privacy.consent;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Processing purposes a person consents to, beyond the built-in ones ({@link Purposes#BUILT_IN}):
 * {@code huiketang.privacy.consent.additional-purposes[0].name=survey-calls}, {@code .label-zh},
 * {@code .label-en}, {@code .granted-by-default} (false unless the accepted policy itself covers it).
 */
@ConfigMapping(prefix = "huiketang.privacy.consent")
public interface ConsentConfig {

    Optional<List<PurposeConfig>> additionalPurposes();

    interface PurposeConfig {
        String name();

        String labelZh();

        String labelEn();

        @WithDefault("false")
        boolean grantedByDefault();
    }
}
