package io.huiketang.account.policy;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.huiketang.account.account.Account;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.registration.PolicyConfig;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;

/**
 * Which privacy-policy version is current and where each person stands (PRV-2). privacy-service
 * owns the versions; this service keeps the ones it published ({@link PolicyPublishedHandler}) and
 * takes as current the latest that is effective and requires acceptance. Before any has arrived,
 * the configured bootstrap version ({@code huiketang.account.policy.current-version}) is current.
 */
@ApplicationScoped
public class PolicyVersions {

    /** How a person accepted: at registration (phone or invitation), by WeChat, by SSO, or when asked again. */
    public enum Channel {
        REGISTRATION, WECHAT, SSO, REACCEPTANCE
    }

    /**
     * What the person is told of the policy: the version they accepted, the current one, and
     * whether they must accept it before the actions that need it.
     */
    public record Standing(String acceptedVersion, String currentVersion, boolean acceptanceRequired) {
    }

    /** @param textSha256 of the version's text, null for the bootstrap version (privacy-service has not published it) */
    public record Current(String version, String textSha256) {
    }

    /** What shows the acceptance was the person's own; nothing personal (ids, method, the text's digest). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(String sessionId, String authMethod, String textSha256) {
    }

    private final PolicyConfig config;
    private final Outbox outbox;

    PolicyVersions(PolicyConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    public Current current() {
        PolicyVersion latest = PolicyVersion.<PolicyVersion>find(
                "reacceptanceRequired = true and effectiveAt <= ?1 order by effectiveAt desc, publishedAt desc",
                Instant.now()).firstResult();
        return latest == null ? new Current(config.currentVersion(), null)
                : new Current(latest.version, latest.textSha256);
    }

    /** Read from the database (not the entity), so a token states the standing as committed or just changed. */
    public Standing standingOf(UUID accountId) {
        java.util.List<String> accepted = Account.getEntityManager()
                .createQuery("select a.policyVersion from Account a where a.id = :id", String.class)
                .setParameter("id", accountId).getResultList();
        return standing(accepted.isEmpty() ? null : accepted.get(0)); // the version itself may be null
    }

    public Standing standingOf(Account account) {
        return standing(account.policyVersion);
    }

    private Standing standing(String recorded) {
        // Accounts registered before acceptances were recorded accepted the bootstrap version
        String accepted = recorded == null ? config.currentVersion() : recorded;
        String current = current().version();
        return new Standing(accepted, current, !current.equals(accepted));
    }

    /** For registration: the version given must be the current one. */
    public Current requireCurrent(String version, String field) {
        Current current = current();
        if (!current.version().equals(version)) {
            throw ProblemException.invalidField(field, "must be the current privacy policy version, " + current.version());
        }
        return current;
    }

    /** Refuses an action that needs the current policy accepted (403 policy-acceptance-required). */
    public void requireAccepted(UUID accountId) {
        Standing standing = standingOf(accountId);
        if (standing.acceptanceRequired()) {
            throw Caller.policyAcceptanceRequired(standing.currentVersion());
        }
    }

    /**
     * Records that the person accepted {@code version} (already checked to be current, perhaps
     * moments ago: a newer one is then asked again at the next use) and publishes it for
     * privacy-service's ledger.
     *
     * @param sessionId the session in which they accepted, or null when it opens only afterwards
     * @param authMethod how they had proven who they are (PHONE, WECHAT, SSO, INVITATION)
     */
    public void accepted(Account account, String version, Channel channel, UUID sessionId, String authMethod) {
        Instant now = Instant.now();
        account.policyVersion = version;
        account.policyAcceptedAt = now;
        PolicyVersion published = PolicyVersion.findById(version);
        Evidence evidence = new Evidence(sessionId == null ? null : sessionId.toString(), authMethod,
                published == null ? null : published.textSha256);
        String id = account.id.toString();
        outbox.publish(AccountEvents.TOPIC, "account", id, AccountEvents.POLICY_ACCEPTED,
                new AccountEvents.PolicyAccepted(id, version, now.toString(), channel.name(), evidence));
    }
}
