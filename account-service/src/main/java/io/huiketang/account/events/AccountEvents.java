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
    public static final String ACCOUNT_DELETED = "huiketang.account.account-deleted.v1";
    public static final String CANCELLATION_REQUESTED = "huiketang.account.cancellation-requested.v1";
    public static final String ENTERPRISE_CREATED = "huiketang.account.enterprise-created.v1";
    public static final String MEMBER_JOINED = "huiketang.account.member-joined.v1";
    public static final String MEMBER_REMOVED = "huiketang.account.member-removed.v1";
    public static final String ADMIN_GRANTED = "huiketang.account.admin-granted.v1";
    public static final String ADMIN_REVOKED = "huiketang.account.admin-revoked.v1";
    public static final String CONTACT_REPLACEMENT_REQUIRED = "huiketang.account.enterprise-contact-replacement-required.v1";

    public record AccountRegistered(String accountId, String status, String ageBracket, String registeredVia,
            String residencyRegion, String registeredAt) {
    }

    /**
     * @param channel  REGISTRATION, WECHAT, SSO or REACCEPTANCE
     * @param evidence what shows it was the person's own acceptance (ids, never personal data)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PolicyAccepted(String accountId, String policyVersion, String acceptedAt, String channel,
            io.huiketang.account.policy.PolicyVersions.Evidence evidence) {
    }

    /** Which fields changed, not their values. */
    public record AccountUpdated(String accountId, String status, java.util.List<String> changed, String updatedAt) {
    }

    public record SessionRevoked(String accountId, String sessionId, String reason, String revokedAt) {
    }

    /** A person cancelled their account: privacy-service opens the erasure across every service. */
    public record CancellationRequested(String accountId, String requestedAt, String erasureRequestId) {
    }

    /** The account was cancelled (注销) and its data in this service erased or anonymised. */
    public record AccountDeleted(String accountId, String deletedAt) {
    }

    public record EnterpriseCreated(String enterpriseId, String createdBy, String residencyRegion, String createdAt) {
    }

    /** @param via CREATOR, INVITATION, SSO or IMPORT */
    public record MemberJoined(String enterpriseId, String accountId, String via, String joinedAt) {
    }

    public record MemberRemoved(String enterpriseId, String accountId, String removedBy, String removedAt) {
    }

    public record AdminGranted(String enterpriseId, String accountId, String grantedBy, String grantedAt) {
    }

    public record AdminRevoked(String enterpriseId, String accountId, String revokedBy, String revokedAt) {
    }

    /** The enterprise's registered contact was erased: its admins are asked to name a new one. */
    public record ContactReplacementRequired(String enterpriseId, String reason, String requiredAt) {
    }

    private AccountEvents() {
    }
}
