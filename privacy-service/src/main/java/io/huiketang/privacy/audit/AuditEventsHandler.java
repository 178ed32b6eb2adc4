package io.huiketang.privacy.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.audit.AuditTrail;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;

/**
 * Keeps every service's {@code audit.events} (platform-kit's {@link AuditTrail}) in the audit log.
 * The inbox applies each event once, in the transaction that appends it; an event that cannot be
 * a record (a field missing, a bad time) fails and, after its retries, goes to the dead-letter topic.
 */
@ApplicationScoped
public class AuditEventsHandler implements EventHandler {

    /** The action of records that come from {@link AuditTrail#PERSONAL_DATA_ACCESSED}. */
    public static final String PERSONAL_DATA_ACCESSED = "personal-data-accessed";

    private final AuditLog log;

    AuditEventsHandler(AuditLog log) {
        this.log = log;
    }

    @Override
    public String topic() {
        return AuditTrail.TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) {
        if (!AuditTrail.PERSONAL_DATA_ACCESSED.equals(event.type())) {
            return;
        }
        AuditTrail.PersonalDataAccessed read = event.dataAs(AuditTrail.PersonalDataAccessed.class);
        Instant accessedAt;
        try {
            accessedAt = Instant.parse(read.accessedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("audit event without a valid accessedAt");
        }
        log.append(new AuditLog.Entry(event.id(), serviceOf(event.source()), accessedAt, read.actorRole(),
                read.actorId(), read.subjectId(), PERSONAL_DATA_ACCESSED, read.resource(), read.purpose()));
    }

    /** {@code /huiketang/meeting-service} -> {@code meeting-service}. */
    static String serviceOf(String source) {
        if (source == null) {
            return "unknown";
        }
        int slash = source.lastIndexOf('/');
        return slash >= 0 && slash < source.length() - 1 ? source.substring(slash + 1) : source;
    }
}
