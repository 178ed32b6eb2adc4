package io.huiketang.account.token;

import io.huiketang.account.policy.PolicyVersions;

/**
 * What a client gets at login and at each refresh.
 *
 * @param accountStatus ACTIVE, or PENDING_GUARDIAN_CONSENT for a child whose guardian has not consented
 * @param policy        the privacy policy the person accepted and the current one: when
 *                      {@code acceptanceRequired}, the client asks them to accept it again (PRV-2)
 */
public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken,
        long refreshExpiresIn, String sessionId, String accountStatus, PolicyVersions.Standing policy) {
}
