package io.huiketang.privacy.policy;

/** What privacy-service publishes about policy versions, on {@code privacy.events} keyed by version. */
public final class PolicyEvents {

    public static final String POLICY_PUBLISHED = "huiketang.privacy.policy-published.v1";

    /** Matches the JSON Schema of {@link #POLICY_PUBLISHED}. */
    public record PolicyPublished(String version, String effectiveAt, String publishedAt, String textSha256,
            boolean reacceptanceRequired) {
    }

    private PolicyEvents() {
    }
}
