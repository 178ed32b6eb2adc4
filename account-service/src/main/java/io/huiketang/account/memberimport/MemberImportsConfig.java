package io.huiketang.account.memberimport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.member-imports")
public interface MemberImportsConfig {

    /** Largest CSV accepted, in bytes (below the service's general body limit). */
    @WithDefault("262144")
    int maxBytes();

    /** Most people in one import: each gets a message, all in one transaction. */
    @WithDefault("1000")
    int maxRows();
}
