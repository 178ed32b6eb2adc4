package io.huiketang.privacy.marketing;

/** What privacy-service publishes for campaigns, on {@code privacy.events} keyed by account id. */
public final class MarketingEvents {

    public static final String MARKETING_SMS_REQUESTED = "huiketang.privacy.marketing-sms-requested.v1";
    /** The outbox's aggregate type of these events: how a campaign counts what is still to be published. */
    static final String AGGREGATE = "marketing-sms";

    /** Matches the JSON Schema of {@link #MARKETING_SMS_REQUESTED}: the account id, never a number. */
    public record MarketingSmsRequested(String campaignId, String accountId, String text, String requestedAt) {
    }

    private MarketingEvents() {
    }
}
