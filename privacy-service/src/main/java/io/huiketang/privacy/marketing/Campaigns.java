package io.huiketang.privacy.marketing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.privacy.consent.Purposes;

/**
 * Marketing campaigns by SMS (PRV-3). At send time privacy-service picks everybody whose latest
 * marketing-sms choice in the ledger is a grant, and asks account-service (which holds the numbers)
 * for one SMS each, all in one transaction with the campaign: every request or none.
 * account-service checks its own copy of the consent again before sending; a withdrawal committed
 * before the campaign is applied there before the request (same key, same partition, earlier).
 */
@ApplicationScoped
public class Campaigns {

    private static final Logger LOG = Logger.getLogger(Campaigns.class);
    /** The event schema's limit on the text, instruction included. */
    static final int MAX_TEXT = 500;

    private final Outbox outbox;
    private final MarketingConfig config;

    Campaigns(Outbox outbox, MarketingConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    public record NewCampaign(String text, String purpose) {
    }

    @Transactional
    public MarketingCampaign send(NewCampaign request) {
        if (request.purpose() == null || request.purpose().isBlank()) {
            throw ProblemException.invalidField("purpose", "is required: " + Purposes.MARKETING_SMS);
        }
        if (!Purposes.MARKETING_SMS.equals(request.purpose())) {
            throw ProblemException.invalidField("purpose", "only " + Purposes.MARKETING_SMS
                    + " campaigns can be sent (no other channel is connected)");
        }
        String text = withOptOut(request.text());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        MarketingCampaign campaign = new MarketingCampaign();
        campaign.id = UUID.randomUUID();
        campaign.purpose = request.purpose();
        campaign.text = text;
        campaign.createdAt = now;
        List<UUID> recipients = consentingNow(request.purpose());
        campaign.recipients = recipients.size();
        campaign.persist();
        // In account order, so two campaigns at once take the outbox's per-account locks in one order
        for (UUID accountId : recipients) {
            outbox.publish(PrivacyProtocol.REQUESTS_TOPIC, MarketingEvents.AGGREGATE, accountId.toString(),
                    MarketingEvents.MARKETING_SMS_REQUESTED, new MarketingEvents.MarketingSmsRequested(
                            campaign.id.toString(), accountId.toString(), text, now.toString()));
        }
        LOG.infof("Campaign %s: %d recipients requested", campaign.id, recipients.size());
        return campaign;
    }

    /** The text with the opt-out instruction at its end unless it already has it; a problem when too long. */
    String withOptOut(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField("text", "is required");
        }
        String stripped = text.strip();
        String instruction = config.optOutInstruction();
        String full = stripped.contains(instruction) ? stripped : stripped + " " + instruction;
        if (full.length() > MAX_TEXT) {
            throw ProblemException.invalidField("text", "must be at most " + (MAX_TEXT - instruction.length() - 1)
                    + " characters (the opt-out instruction '" + instruction + "' is added)");
        }
        return full;
    }

    /** People whose latest choice for the purpose is a grant, now (withdrawals committed before this count). */
    @SuppressWarnings("unchecked")
    private static List<UUID> consentingNow(String purpose) {
        return MarketingCampaign.getEntityManager().createNativeQuery("""
                SELECT account_id FROM (
                    SELECT DISTINCT ON (account_id) account_id, granted FROM consent_ledger
                    WHERE kind = 'PURPOSE' AND purpose = ?1 AND erasure_requested_at IS NULL
                    ORDER BY account_id, id DESC) latest
                WHERE granted ORDER BY account_id""", UUID.class).setParameter(1, purpose).getResultList();
    }

    /** How many of the campaign's requests the outbox still holds, and how many Kafka refused for good. */
    public record Progress(long pending, long parked) {
    }

    public Progress progress(UUID campaignId) {
        long pending = count("outbox_event", campaignId);
        long parked = count("outbox_parked", campaignId);
        return new Progress(pending, parked);
    }

    private static long count(String table, UUID campaignId) {
        return ((Number) MarketingCampaign.getEntityManager().createNativeQuery("SELECT count(*) FROM " + table
                + " WHERE aggregatetype = ?1 AND payload -> 'data' ->> 'campaignId' = ?2")
                .setParameter(1, MarketingEvents.AGGREGATE).setParameter(2, campaignId.toString())
                .getSingleResult()).longValue();
    }
}
