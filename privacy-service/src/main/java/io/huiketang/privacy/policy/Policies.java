package io.huiketang.privacy.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.problem.ProblemException;

/** Publishing policy versions (PRV-4): stored and announced in one transaction. */
@ApplicationScoped
public class Policies {

    private static final Logger LOG = Logger.getLogger(Policies.class);
    /** Also the path segment of GET /policies/{version}: letters, digits, dot, dash, underscore. */
    static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,31}");
    /** A version named like the path of the current one could never be read by its name. */
    private static final String RESERVED = "current";

    private final PolicyConfig config;
    private final Outbox outbox;

    Policies(PolicyConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    public record NewVersion(String version, Instant effectiveAt, String textZh, String summaryEn,
            Boolean reacceptanceRequired) {
    }

    @Transactional
    public PolicyVersion publish(NewVersion request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String version = request.version() == null ? null : request.version().strip();
        if (version == null || version.isEmpty()) {
            throw ProblemException.invalidField("version", "is required");
        }
        if (!VERSION.matcher(version).matches() || version.equalsIgnoreCase(RESERVED)) {
            throw ProblemException.invalidField("version",
                    "must be 1 to 32 letters, digits, '.', '-' or '_', starting with a letter or digit, and not 'current'");
        }
        if (request.effectiveAt() == null) {
            throw ProblemException.invalidField("effectiveAt", "is required");
        }
        if (request.effectiveAt().isBefore(now.minus(config.effectiveAtSkew()))) {
            throw ProblemException.invalidField("effectiveAt", "must not lie in the past (more than "
                    + config.effectiveAtSkew().toSeconds() + " s ago): people cannot have been told");
        }
        requireText("textZh", request.textZh(), config.maxTextLength());
        requireText("summaryEn", request.summaryEn(), config.maxSummaryLength());
        if (request.reacceptanceRequired() == null) {
            throw ProblemException.invalidField("reacceptanceRequired", "is required (true or false)");
        }
        // Locks out a concurrent publish of the same version until this one commits or rolls back
        PolicyVersion.getEntityManager().createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "policy-version:" + version).getSingleResult();
        if (PolicyVersion.findById(version) != null) {
            throw ProblemException.conflict("Policy version " + version + " is already published; versions are "
                    + "immutable, publish a new version instead.");
        }
        PolicyVersion published = new PolicyVersion();
        published.version = version;
        published.effectiveAt = request.effectiveAt().truncatedTo(ChronoUnit.MICROS);
        published.publishedAt = now;
        published.textZh = request.textZh();
        published.summaryEn = request.summaryEn();
        published.textSha256 = sha256(request.textZh());
        published.reacceptanceRequired = request.reacceptanceRequired();
        published.persist();
        outbox.publish(PrivacyProtocol.REQUESTS_TOPIC, "policy-version", version, PolicyEvents.POLICY_PUBLISHED,
                new PolicyEvents.PolicyPublished(version, published.effectiveAt.toString(),
                        published.publishedAt.toString(), published.textSha256, published.reacceptanceRequired));
        LOG.infof("Policy version %s published, effective %s", version, published.effectiveAt);
        return published;
    }

    private static void requireText(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalidField(field, "is required");
        }
        if (text.length() > max) {
            throw ProblemException.invalidField(field, "must be at most " + max + " characters");
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
