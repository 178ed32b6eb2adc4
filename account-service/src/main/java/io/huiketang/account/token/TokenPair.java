package io.huiketang.account.token;

/**
 * What a client gets at login and at each refresh.
 *
 * @param accountStatus ACTIVE, or PENDING_GUARDIAN_CONSENT for a child whose guardian has not consented
 */
public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn, String sessionId, String accountStatus) {
}
