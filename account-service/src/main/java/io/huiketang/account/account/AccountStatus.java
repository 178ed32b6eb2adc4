package io.huiketang.account.account;

public enum AccountStatus {
    /** May use every feature. */
    ACTIVE,
    /** A child's account (under 14) waiting for a guardian's consent: no personal-data processing beyond it (ACC-10). */
    PENDING_GUARDIAN_CONSENT,
    /** Cancelled (注销): tokens revoked, data being erased. */
    CANCELLED,
    /** Suspended by the platform: every session ended, its tokens refused, no login or refresh. */
    SUSPENDED
}
