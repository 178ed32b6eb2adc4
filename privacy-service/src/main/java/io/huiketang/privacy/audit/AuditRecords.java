package io.huiketang.privacy.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/** Reads of the audit log: by subject, by query, and in chain order for the verifier. */
@ApplicationScoped
public class AuditRecords {

    static final String COLUMNS = "seq, event_id, source, recorded_at, occurred_at, actor_role, action, actor_id, "
            + "subject_id, resource, purpose, content_hash, prev_hash, hash";

    /** What an auditor may filter by; null fields do not filter. {@code to} is exclusive. */
    public record Query(String actorId, String subjectId, Instant from, Instant to, int page, int size) {
    }

    private final AgroalDataSource dataSource;

    AuditRecords(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records matching the query, oldest first. */
    public List<AuditRecord> find(Query query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_record WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (query.actorId() != null) {
            sql.append(" AND actor_id = ?");
            parameters.add(query.actorId());
        }
        if (query.subjectId() != null) {
            sql.append(" AND subject_id = ?");
            parameters.add(query.subjectId());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            parameters.add(query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            parameters.add(query.to().atOffset(ZoneOffset.UTC));
        }
        sql.append(" ORDER BY seq LIMIT ? OFFSET ?");
        parameters.add(query.size());
        parameters.add((long) query.page() * query.size());
        return select(sql.toString(), parameters);
    }

    /** What others did with this person's data (their own actions left out), newest first. */
    public List<AuditRecord> readsOf(String subjectId, int page, int size) {
        return select("SELECT " + COLUMNS + " FROM audit_record WHERE subject_id = ? AND actor_id <> ?"
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", List.of(subjectId, subjectId, size, (long) page * size));
    }

    /** Up to {@code limit} records after {@code afterSeq}, in chain order. */
    List<AuditRecord> chainAfter(long afterSeq, int limit) {
        return select("SELECT " + COLUMNS + " FROM audit_record WHERE seq > ? ORDER BY seq LIMIT ?",
                List.of(afterSeq, limit));
    }

    private List<AuditRecord> select(String sql, List<Object> parameters) {
        try (var connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<AuditRecord> records = new ArrayList<>();
                while (rs.next()) {
                    records.add(read(rs));
                }
                return records;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit log failed", e);
        }
    }

    static AuditRecord read(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), rs.getString("event_id"), rs.getString("source"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor_role"),
                rs.getString("action"), rs.getString("actor_id"), rs.getString("subject_id"), rs.getString("resource"),
                rs.getString("purpose"), rs.getString("content_hash"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
