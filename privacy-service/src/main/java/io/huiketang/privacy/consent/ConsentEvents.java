package io.huiketang.privacy.consent;

/** What privacy-service publishes about consent, on {@code privacy.events} keyed by account id. */
public final class ConsentEvents {

    public static final String CONSENT_CHANGED = "huiketang.privacy.consent-changed.v1";

    /** Matches the JSON Schema of {@link #CONSENT_CHANGED}: ids and states, no contact data. */
    public record ConsentChanged(String accountId, String purpose, boolean granted, String policyVersion,
            String channel, String changedAt) {
    }

    private ConsentEvents() {
    }
}
