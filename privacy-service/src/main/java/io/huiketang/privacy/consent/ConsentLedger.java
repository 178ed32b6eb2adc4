package io.huiketang.privacy.consent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.privacy.consent.Purposes.Purpose;

/**
 * The consent ledger (PRV-2): appends acceptances and choices, never rewrites one; the current
 * state of a purpose is its latest row, or the purpose's default while there is none.
 * <p>
 * A person's changes are serialised by a lock on the person, so rows, commits and events come in
 * one order; the events go on {@code privacy.events} keyed by the account, the partition that also
 * carries the marketing requests, so a consumer applies a withdrawal before any later request.
 */
@ApplicationScoped
public class ConsentLedger {

    private final Outbox outbox;
    private final Purposes purposes;

    ConsentLedger(Outbox outbox, Purposes purposes) {
        this.outbox = outbox;
        this.purposes = purposes;
    }

    /** A purpose's state for a person: from their latest row, or the default ({@code recordedAt} null). */
    public record PurposeState(Purpose purpose, boolean granted, Instant changedAt, String channel,
            String policyVersion) {
    }

    /** Records an acceptance of a policy version (from account-service's policy-accepted event). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAcceptance(UUID accountId, String version, Instant acceptedAt, String channel, String evidence) {
        lockPerson(accountId);
        ConsentEntry entry = new ConsentEntry();
        entry.accountId = accountId;
        entry.kind = ConsentEntry.Kind.POLICY;
        entry.granted = true;
        entry.policyVersion = version;
        entry.recordedAt = acceptedAt.truncatedTo(ChronoUnit.MICROS);
        entry.channel = channel;
        entry.evidence = evidence;
        entry.persist();
    }

    /**
     * Gives or withdraws consent: appends a row and publishes consent-changed, unless the person's
     * explicit latest choice is already this one (a repeated request changes nothing).
     *
     * @return the purpose's state afterwards, and whether this call changed it
     */
    @Transactional
    public Change change(UUID accountId, Purpose purpose, boolean granted, Channel channel, String evidence) {
        lockPerson(accountId);
        ConsentEntry latest = latest(accountId, purpose.name());
        if (latest != null && latest.granted == granted) {
            return new Change(stateOf(purpose, latest), false);
        }
        ConsentEntry policy = latestAcceptance(accountId);
        ConsentEntry entry = new ConsentEntry();
        entry.accountId = accountId;
        entry.kind = ConsentEntry.Kind.PURPOSE;
        entry.purpose = purpose.name();
        entry.granted = granted;
        entry.policyVersion = policy == null ? null : policy.policyVersion;
        entry.recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.channel = channel.name();
        entry.evidence = evidence;
        entry.persist();
        outbox.publish(PrivacyProtocol.REQUESTS_TOPIC, "account", accountId.toString(), ConsentEvents.CONSENT_CHANGED,
                new ConsentEvents.ConsentChanged(accountId.toString(), purpose.name(), granted, entry.policyVersion,
                        entry.channel, entry.recordedAt.toString()));
        return new Change(stateOf(purpose, entry), true);
    }

    public record Change(PurposeState state, boolean changed) {
    }

    /** Every purpose's current state for the person, in the purposes' order. */
    @SuppressWarnings("unchecked")
    public List<PurposeState> states(UUID accountId) {
        List<ConsentEntry> rows = ConsentEntry.getEntityManager().createNativeQuery("""
                SELECT DISTINCT ON (purpose) * FROM consent_ledger
                WHERE account_id = ?1 AND kind = 'PURPOSE' AND erasure_requested_at IS NULL
                ORDER BY purpose, id DESC""", ConsentEntry.class).setParameter(1, accountId).getResultList();
        Map<String, ConsentEntry> latest = rows.stream().collect(Collectors.toMap(e -> e.purpose, Function.identity()));
        return purposes.all().stream().map(p -> stateOf(p, latest.get(p.name()))).toList();
    }

    public ConsentEntry latestAcceptance(UUID accountId) {
        return ConsentEntry.find("accountId = ?1 and kind = ?2 and erasureRequestedAt is null order by id desc",
                accountId, ConsentEntry.Kind.POLICY).firstResult();
    }

    /** The person's whole ledger, newest first. */
    public List<ConsentEntry> history(UUID accountId) {
        return ConsentEntry.list("accountId = ?1 and erasureRequestedAt is null order by id desc", accountId);
    }

    private static ConsentEntry latest(UUID accountId, String purpose) {
        return ConsentEntry.find("accountId = ?1 and kind = ?2 and purpose = ?3 and erasureRequestedAt is null "
                + "order by id desc", accountId, ConsentEntry.Kind.PURPOSE, purpose).firstResult();
    }

    private static PurposeState stateOf(Purpose purpose, ConsentEntry latest) {
        return latest == null ? new PurposeState(purpose, purpose.grantedByDefault(), null, null, null)
                : new PurposeState(purpose, latest.granted, latest.recordedAt, latest.channel, latest.policyVersion);
    }

    /** One person's ledger changes one at a time (row order = commit order = event order). */
    private static void lockPerson(UUID accountId) {
        ConsentEntry.getEntityManager().createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "consent:" + accountId).getSingleResult();
    }
}
