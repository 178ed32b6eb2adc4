package io.huiketang.kit.auth;

import java.net.URI;
import java.util.List;

import io.huiketang.kit.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;

/**
 * Why a valid token was refused: it was issued before its account's rights changed, so the client
 * should refresh it (see {@link StaleTokens}). Raised as the cause of an authentication failure,
 * which the problem mappers and the gateway answer with the out-of-date 401.
 */
public class StaleTokenException extends RuntimeException {

    public static final String DETAIL = "This access token was issued before the account's rights changed; "
            + "refresh it for one with the current rights.";
    /** A client tells this 401 from the others by its type: refreshing helps, logging in again is not needed. */
    public static final URI TYPE = URI.create("https://huiketang.io/problems/token-out-of-date");
    private static final Problem PROBLEM = new Problem(TYPE, "Access token out of date", 401, DETAIL, null, null,
            List.of());

    private StaleTokenException() {
        super(DETAIL, null, false, false);
    }

    /** The authentication failure to raise for such a token. */
    public static AuthenticationFailedException refusal() {
        return new AuthenticationFailedException(DETAIL, new StaleTokenException());
    }

    /** The problem every service and the gateway answer for such a token. */
    public static Problem problem() {
        return PROBLEM;
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
