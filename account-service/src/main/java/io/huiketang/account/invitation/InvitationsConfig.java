package io.huiketang.account.invitation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "huiketang.account.invitations")
public interface InvitationsConfig {

    /** How long an invitation can be answered. */
    @WithDefault("P7D")
    Duration lifetime();

    /** The client app's page that opens an invitation (under the public URL); the token is appended to it. */
    String link();
}
