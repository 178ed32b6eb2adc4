package io.huiketang.kit.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The staff identity provider (a Keycloak realm of its own, never the platform's account-service):
 * tokens whose issuer is this one are verified by the {@code staff} OIDC tenant, which a service
 * (privacy-service) or the gateway configures as {@code quarkus.oidc.staff.*}. Without an issuer,
 * every token goes to the default tenant (the platform's tokens).
 */
@ConfigMapping(prefix = "huiketang.staff")
public interface StaffIssuerConfig {

    /** The {@code iss} of staff tokens, e.g. {@code http://127.0.0.1:8180/realms/staff}. */
    Optional<String> issuer();
}
