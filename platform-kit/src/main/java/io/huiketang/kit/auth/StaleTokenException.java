package io.huiketang.kit.auth;

import io.quarkus.security.AuthenticationFailedException;

/**
 * Why a valid token was refused: it was issued before its account's rights changed, so the client
 * should refresh it (see {@link StaleTokens}). Raised as the cause of an authentication failure,
 * which the problem mappers and the gateway answer with the out-of-date 401.
 */
public class StaleTokenException extends RuntimeException {

    public static final String DETAIL = "This access token was issued before the account's rights changed; "
            + "refresh it for one with the current rights.";

    private StaleTokenException() {
        super(DETAIL, null, false, false);
    }

    /** The authentication failure to raise for such a token. */
    public static AuthenticationFailedException refusal() {
        return new AuthenticationFailedException(DETAIL, new StaleTokenException());
    }

    /** Whether {@code failure} is, or was caused by, a refusal of an out-of-date token. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StaleTokenException) {
                return true;
            }
        }
        return false;
    }
}
