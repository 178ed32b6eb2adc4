package io.huiketang.kit.auth;

/**
 * Whether a token was revoked or is out of date cannot be told (Redis out of reach or too slow):
 * the request is refused as temporarily unavailable rather than let through (fail closed).
 */
public class TokenChecksUnavailableException extends RuntimeException {

    public static final String DETAIL = "Access tokens cannot be checked right now; retry shortly.";

    public TokenChecksUnavailableException(Throwable cause) {
        super("revoked-session and stale-token checks unavailable", cause);
    }
}
