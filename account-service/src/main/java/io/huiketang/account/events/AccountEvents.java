package io.huiketang.account.events;

/**
 * What account-service publishes on {@code account.events} (schemas in platform-kit). Events carry
 * ids and states, never mobile numbers, names or other contact data.
 */
public final class AccountEvents {

    public static final String TOPIC = "account.events";

    public static final String ACCOUNT_REGISTERED = "huiketang.account.account-registered.v1";
    public static final String POLICY_ACCEPTED = "huiketang.account.policy-accepted.v1";
    public static final String ACCOUNT_UPDATED = "huiketang.account.account-updated.v1";
    public static final String SESSION_REVOKED = "huiketang.account.session-revoked.v1";

    public record AccountRegistered(String accountId, String status, String ageBracket, String registeredVia,
            String residencyRegion, String registeredAt) {
    }

    public record PolicyAccepted(String accountId, String policyVersion, String acceptedAt) {
    }

    /** Which fields changed, not their values. */
    public record AccountUpdated(String accountId, String status, java.util.List<String> changed, String updatedAt) {
    }

    public record SessionRevoked(String accountId, String sessionId, String reason, String revokedAt) {
    }

    private AccountEvents() {
    }
}
