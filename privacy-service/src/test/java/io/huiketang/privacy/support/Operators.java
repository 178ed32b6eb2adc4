package io.huiketang.privacy.support;

import java.util.List;
import java.util.UUID;

import io.huiketang.kit.testing.TestTokens;

/**
 * Tokens of platform staff for the tests. The one place they are minted: when the staff realm
 * (Keycloak) is wired, this is what changes to log in a real privacy operator instead.
 */
public final class Operators {

    private Operators() {
    }

    /** An access token of a privacy operator (role {@code privacy_operator}). */
    public static String privacyOperatorToken() {
        return TestTokens.withRoles(UUID.randomUUID(), List.of("privacy_operator"));
    }
}
