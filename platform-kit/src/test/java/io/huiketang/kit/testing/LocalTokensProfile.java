package io.huiketang.kit.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service under test trusts {@link TestTokens}' key instead of fetching account-service's
 * JWKS; everything else about verification (quarkus-oidc, claims, revoked sessions) is unchanged.
 */
public class LocalTokensProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.public-key", TestTokens.publicKey(),
                "quarkus.oidc.auth-server-url", "",
                "quarkus.oidc.token.issuer", TestTokens.ISSUER);
    }
}
