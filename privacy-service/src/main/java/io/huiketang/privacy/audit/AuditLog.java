package io.huiketang.privacy.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/**
 * Appends to the hash-chained audit log (PRV-13). Every append locks the chain's head row, so
 * concurrent appends (any thread, any replica) get consecutive sequence numbers and each links to
 * the one before it; the record commits or rolls back with the caller's transaction.
 */
@ApplicationScoped
public class AuditLog {

    /** The source of records privacy-service appends itself. */
    public static final String OWN_SOURCE = "privacy-service";

    static final int MAX_TEXT = 500;

    private final AgroalDataSource dataSource;

    AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records something privacy-service's own code did with a person's data, e.g. a step of a rights
     * request. Joins the caller's transaction (or starts one).
     *
     * @param actorRole in which capacity, e.g. {@code privacy_operator} ({@code Staff.auditRole()}) or {@code system}
     * @param actorId   who: a platform account id, {@code Staff.auditId()}, or {@code privacy-service}
     * @param subjectId whose data (a platform account id)
     * @param action    what was done, e.g. {@code request-opened}, {@code archive-downloaded}
     * @param resource  what it concerned, e.g. {@code rights-request}
     * @param purpose   why, e.g. the request id
     * @return the record's sequence number
     */
    @Transactional
    @WithSpan("AuditLog.append")
    public long append(String actorRole, String actorId, String subjectId, String action, String resource,
            String purpose) {
        return append(new Entry(UUID.randomUUID().toString(), OWN_SOURCE, Instant.now(), actorRole, actorId,
                subjectId, action, resource, purpose));
    }

    /** One record to append: an event of another service or one of privacy-service's own. */
    record Entry(String eventId, String source, Instant occurredAt, String actorRole, String actorId,
            String subjectId, String action, String resource, String purpose) {

        Entry {
            require("eventId", eventId);
            require("source", source);
            require("actorRole", actorRole);
            require("actorId", actorId);
            require("subjectId", subjectId);
            require("action", action);
            require("resource", resource);
            require("purpose", purpose);
            if (occurredAt == null) {
                throw new IllegalArgumentException("an audit record needs the time of what it records");
            }
        }

        private static void require(String field, String value) {
            if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
                throw new IllegalArgumentException("an audit record needs " + field + " (1 to " + MAX_TEXT
                        + " characters)");
            }
        }
    }

    /** Appends one entry; an entry whose event id is already in the log is not appended again. */
    @Transactional
    long append(Entry entry) {
        try (Connection connection = dataSource.getConnection()) {
            long prevSeq;
            String prevHash;
            try (PreparedStatement head = connection.prepareStatement(
                    "SELECT head_seq, head_hash FROM audit_chain WHERE id = 1 FOR UPDATE");
                    ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the audit chain has no head row");
                }
                prevSeq = rs.getLong(1);
                prevHash = rs.getString(2);
            }
            // Under the head's lock: a redelivered event (the inbox already guards) cannot slip in twice
            try (PreparedStatement known = connection.prepareStatement(
                    "SELECT seq FROM audit_record WHERE event_id = ?")) {
                known.setString(1, entry.eventId());
                try (ResultSet rs = known.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            long seq = prevSeq + 1;
            // Recorded now, under the lock: the log's own clock never runs backwards along the chain
            Instant recordedAt = AuditHashes.storable(Instant.now());
            Instant occurredAt = AuditHashes.storable(entry.occurredAt());
            String contentHash = AuditHashes.sha256(AuditHashes.canonical(seq, entry.eventId(), entry.source(),
                    recordedAt, occurredAt, entry.actorRole(), entry.action(), entry.actorId(), entry.subjectId(),
                    entry.resource(), entry.purpose()));
            String hash = AuditHashes.link(prevHash, contentHash);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO audit_record (seq, event_id, source, recorded_at, occurred_at, actor_role, action,
                        actor_id, subject_id, resource, purpose, content_hash, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setLong(1, seq);
                insert.setString(2, entry.eventId());
                insert.setString(3, entry.source());
                insert.setObject(4, recordedAt.atOffset(ZoneOffset.UTC));
                insert.setObject(5, occurredAt.atOffset(ZoneOffset.UTC));
                insert.setString(6, entry.actorRole());
                insert.setString(7, entry.action());
                insert.setString(8, entry.actorId());
                insert.setString(9, entry.subjectId());
                insert.setString(10, entry.resource());
                insert.setString(11, entry.purpose());
                insert.setString(12, contentHash);
                insert.setString(13, prevHash);
                insert.setString(14, hash);
                insert.executeUpdate();
            }
            try (PreparedStatement advance = connection.prepareStatement(
                    "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1")) {
                advance.setLong(1, seq);
                advance.setString(2, hash);
                advance.executeUpdate();
            }
            return seq;
        } catch (SQLException e) {
            throw new IllegalStateException("appending to the audit log failed", e);
        }
    }
}
