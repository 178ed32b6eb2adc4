package io.huiketang.privacy.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * The person's share of the audit log in their export and erasure: who read their data (by role,
 * as {@code my-data-reads} shows it) and what they did themselves. Erasure removes nothing: the log
 * is a legal record and append-only; each record's personal content is emptied by the retention
 * purge, which the receipt states as a legal hold until the newest record's purge.
 */
@ApplicationScoped
public class AuditDataSection implements PersonalDataSection {

    public static final String DATASET = "audit_record";
    /** As data-map.yaml declares it. */
    public static final String HOLD_REASON = "audit log of access to personal data: every record kept 3 years, the "
            + "limitation period of claims about that access (个人信息保护法 art. 51, 网络安全法 art. 21: at least 180 days; "
            + "民法典 art. 188), then its personal content is emptied";

    public record Read(String actorRole, String source, String resource, String purpose, Instant accessedAt) {
    }

    public record Action(String actorId, String action, String resource, String purpose, Instant accessedAt) {
    }

    public record Export(List<Read> reads, List<Action> actions) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Duration retention;

    AuditDataSection(AgroalDataSource dataSource, ObjectMapper json,
            @ConfigProperty(name = "huiketang.privacy.audit.retention") Duration retention) {
        this.dataSource = dataSource;
        this.json = json;
        this.retention = retention;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public JsonNode export(UUID accountId) {
        String id = accountId.toString();
        List<Read> reads = query("SELECT actor_role, source, resource, purpose, occurred_at FROM audit_record"
                + " WHERE subject_id = ? AND actor_id <> ? ORDER BY seq", id,
                rs -> new Read(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5)));
        List<Action> actions = query("SELECT actor_id, action, resource, purpose, occurred_at FROM audit_record"
                + " WHERE actor_id = ? ORDER BY seq", id,
                rs -> new Action(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5)));
        return json.valueToTree(new Export(reads, actions));
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of(DATASET, 0L);
    }

    @Override
    public List<ErasureReceipt.LegalHold> legalHolds(UUID accountId) {
        String id = accountId.toString();
        List<Instant> newest = query("SELECT max(occurred_at) FROM audit_record WHERE subject_id = ? OR actor_id = ?",
                id, rs -> rs.getObject(1) == null ? null : instant(rs, 1));
        if (newest.isEmpty() || newest.get(0) == null) {
            return List.of();
        }
        return List.of(new ErasureReceipt.LegalHold(DATASET, HOLD_REASON,
                LocalDate.ofInstant(newest.get(0).plus(retention), ZoneOffset.UTC)));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with the person's id bound to every parameter. */
    private <T> List<T> query(String sql, String id, Row<T> row) {
        try (var connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setString(i, id);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit log failed", e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
