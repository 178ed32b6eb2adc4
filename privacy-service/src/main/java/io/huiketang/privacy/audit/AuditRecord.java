package io.huiketang.privacy.audit;

import java.time.Instant;

/**
 * One record of the audit log as stored. {@code actorId}, {@code subjectId}, {@code resource} and
 * {@code purpose} are null once the retention purge has emptied the record.
 */
public record AuditRecord(long seq, String eventId, String source, Instant recordedAt, Instant occurredAt,
        String actorRole, String action, String actorId, String subjectId, String resource, String purpose,
        String contentHash, String prevHash, String hash) {

    public boolean purged() {
        return actorId == null && subjectId == null && resource == null && purpose == null;
    }
}
