package io.huiketang.account.marketing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.verification.SmsSender;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Marketing SMS (PRV-3), account-service's side: keeps each person's marketing-sms consent from
 * privacy-service's {@code consent-changed} events, and sends a campaign's SMS
 * ({@code marketing-sms-requested}) only when that copy says granted at that moment and the account is
 * active with a number. Both events come keyed by the account on one partition, in the ledger's order,
 * so a withdrawal recorded before a campaign is applied before its request. Applied once per event
 * (platform-kit's inbox). Logs and metrics name the campaign and the outcome only, never the number,
 * the text or the person.
 */
@ApplicationScoped
public class MarketingSms implements EventHandler {

    private static final Logger LOG = Logger.getLogger(MarketingSms.class);
    static final String CONSENT_CHANGED = "huiketang.privacy.consent-changed.v1";
    static final String MARKETING_SMS_REQUESTED = "huiketang.privacy.marketing-sms-requested.v1";
    static final String PURPOSE = "marketing-sms";
    /** Every campaign SMS carries the opt-out instruction; privacy-service adds it, this refuses a text without it. */
    static final String OPT_OUT = "TD退订";

    /** What became of one request. */
    enum Outcome {
        SENT, NO_CONSENT, ACCOUNT_NOT_ACTIVE, NO_NUMBER, NO_OPT_OUT
    }

    private final SmsSender sms;
    private final SensitiveFields sensitive;
    private final MeterRegistry metrics;

    MarketingSms(SmsSender sms, SensitiveFields sensitive, MeterRegistry metrics) {
        this.sms = sms;
        this.sensitive = sensitive;
        this.metrics = metrics;
    }

    @Override
    public String topic() {
        return PrivacyProtocol.REQUESTS_TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (CONSENT_CHANGED.equals(event.type())) {
            consentChanged(event.data());
        } else if (MARKETING_SMS_REQUESTED.equals(event.type())) {
            requested(event.data());
        }
    }

    private void consentChanged(JsonNode data) {
        if (!PURPOSE.equals(data.path("purpose").asText())) {
            return;
        }
        UUID accountId = UUID.fromString(data.path("accountId").asText());
        Instant changedAt = OffsetDateTime.parse(data.path("changedAt").asText()).toInstant();
        // Only people this service knows: an erased account gets no copy back
        Account account = Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null || account.status == AccountStatus.CANCELLED) {
            return;
        }
        MarketingConsent consent = MarketingConsent.findById(accountId);
        if (consent == null) {
            consent = new MarketingConsent();
            consent.accountId = accountId;
        } else if (consent.changedAt.isAfter(changedAt)) {
            return;
        }
        consent.granted = data.path("granted").asBoolean(false);
        consent.changedAt = changedAt;
        consent.persist();
    }

    private void requested(JsonNode data) {
        String campaignId = UUID.fromString(data.path("campaignId").asText()).toString();
        UUID accountId = UUID.fromString(data.path("accountId").asText());
        String text = data.path("text").asText();
        Outcome outcome = decide(accountId, text);
        if (outcome == Outcome.SENT) {
            Account account = Account.findById(accountId);
            sms.send(sensitive.decrypt(account.phoneCipher), text);
        }
        metrics.counter("huiketang_marketing_sms", "outcome", outcome.name().toLowerCase()).increment();
        LOG.infof("Campaign %s: marketing SMS %s", campaignId, outcome);
    }

    /** Sent only when the person's consent is granted now, and the account active with a number. */
    private static Outcome decide(UUID accountId, String text) {
        MarketingConsent consent = MarketingConsent.findById(accountId);
        if (consent == null || !consent.granted) {
            return Outcome.NO_CONSENT;
        }
        Account account = Account.findById(accountId);
        if (account == null || account.status != AccountStatus.ACTIVE) {
            return Outcome.ACCOUNT_NOT_ACTIVE;
        }
        if (account.phoneCipher == null) {
            return Outcome.NO_NUMBER;
        }
        if (!text.contains(OPT_OUT)) {
            return Outcome.NO_OPT_OUT;
        }
        return Outcome.SENT;
    }
}
