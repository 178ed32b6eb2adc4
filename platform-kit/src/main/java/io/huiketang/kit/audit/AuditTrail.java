package io.huiketang.kit.audit;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.kit.outbox.Outbox;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Records that staff read another person's data (PRV-13). Published through the outbox to
 * {@code audit.events}, which privacy-service keeps as the audit log.
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class AuditTrail {

    public static final String TOPIC = "audit.events";
    public static final String PERSONAL_DATA_ACCESSED = "huiketang.audit.personal-data-accessed.v1";

    /**
     * @param actorId   who read (an account id)
     * @param actorRole in which capacity, e.g. {@code operator} or {@code enterprise_admin}
     * @param subjectId whose data was read
     * @param resource  what was read, e.g. {@code meeting-attendance}
     * @param purpose   why, e.g. a ticket or request id
     */
    public record PersonalDataAccessed(String actorId, String actorRole, String subjectId, String resource,
            String purpose, String accessedAt) {
    }

    private final Outbox outbox;

    AuditTrail(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Joins the caller's transaction, or starts one, so the record commits with the read's context. */
    @Transactional
    public void personalDataAccessed(String actorId, String actorRole, String subjectId, String resource,
            String purpose) {
        outbox.publish(TOPIC, "subject", subjectId, PERSONAL_DATA_ACCESSED,
                new PersonalDataAccessed(actorId, actorRole, subjectId, resource, purpose, Instant.now().toString()));
    }
}
