package io.huiketang.privacy.support;



/**
 * Tokens of platform staff for the tests: a real privacy operator of the Keycloak realm {@code staff}
 * (a platform token claiming the role is refused: StaffLoginTest).
 */
public final class Operators {

    private Operators() {
    }

    /** An access token of a privacy operator (role {@code privacy_operator}). */
    public static String privacyOperatorToken() {
        return io.huiketang.kit.testing.StaffTokens.operator();
    }
}
