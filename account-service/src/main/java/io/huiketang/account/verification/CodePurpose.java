package io.huiketang.account.verification;

/** What a one-time code proves; a code sent for one purpose never serves another. */
public enum CodePurpose {
    LOGIN, GUARDIAN_CONSENT, CHANGE_PHONE, CHANGE_EMAIL, CANCEL_ACCOUNT, CREDIT_CODE_CLAIM,
    /** A fresh proof before a sensitive privacy request (step-up, RFC 9470 style). */
    STEP_UP
}
