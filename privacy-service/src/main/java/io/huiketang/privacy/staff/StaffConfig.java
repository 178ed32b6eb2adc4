package io.huiketang.privacy.staff;

import io.smallrye.config.ConfigMapping;

/**
 * The staff identity provider (a Keycloak realm of its own, never the platform's account-service):
 * tokens whose issuer is this one are verified by the {@code staff} OIDC tenant.
 */
@ConfigMapping(prefix = "huiketang.staff")
public interface StaffConfig {

    /** The {@code iss} of staff tokens, e.g. {@code http://127.0.0.1:8180/realms/staff}. */
    String issuer();
}
