package io.huiketang.meeting.history;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Writes history exports as the database returns them (MTG-4, MTG-5): one read-only transaction,
 * a server-side cursor fetched a few hundred rows at a time, each row written to the response at
 * once. Memory stays flat however long the history; nothing is assembled before it is sent.
 */
@ApplicationScoped
public class HistoryExports {

    static final List<String> CREATOR_COLUMNS = List.of("meeting_id", "meeting_number", "topic", "status", "start",
            "end", "participant_id", "participant", "join", "leave", "duration_seconds", "participant_total_seconds");

    static final List<String> ENTERPRISE_COLUMNS = List.of("meeting_id", "meeting_number", "topic", "status",
            "start", "end");

    /*
     * One row per session, and one row with empty participant columns for a meeting nobody attended.
     * A person's total is summed by the database over all their sessions in that meeting; sessions
     * of erased accounts are each their own "person", since they can no longer be told apart.
     */
    private static final String CREATOR_SQL = """
            SELECT id, number, topic, status, started_at, ended_at, account_id, display_name, joined_at, left_at,
                   seconds, sum(seconds) OVER (PARTITION BY id, coalesce(account_id, session_id)) AS total
            FROM (SELECT m.id, m.number, m.topic, m.status, m.started_at, m.ended_at,
                         coalesce(m.started_at, m.created_at) AS effective_at,
                         s.id AS session_id, s.account_id, s.display_name, s.joined_at, s.left_at,
                         CASE WHEN s.id IS NOT NULL THEN
                             greatest(0, floor(extract(epoch FROM coalesce(s.left_at, ?) - s.joined_at)))::bigint
                         END AS seconds
                  FROM meeting m LEFT JOIN attendance_session s ON s.meeting_id = m.id
                  WHERE m.creator_id = ?
                    AND coalesce(m.started_at, m.created_at) >= ? AND coalesce(m.started_at, m.created_at) < ?) rows
            ORDER BY effective_at DESC, id, joined_at, session_id
            """;

    private static final String ENTERPRISE_SQL = """
            SELECT id, number, topic, status, started_at, ended_at
            FROM meeting
            WHERE enterprise_id = ? AND status = ANY (?)
              AND coalesce(started_at, created_at) >= ? AND coalesce(started_at, created_at) < ?
            ORDER BY coalesce(started_at, created_at) DESC, id
            """;

    private final AgroalDataSource dataSource;
    private final HistoryConfig config;

    HistoryExports(AgroalDataSource dataSource, HistoryConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** The meetings {@code creatorId} created in the range, newest first, with every session. */
    public void writeCreatorHistory(UUID creatorId, DateRange range, OutputStream stream) {
        Instant now = Instant.now();
        String erased = config.erasedParticipantLabel();
        readOnly(connection -> {
            try (PreparedStatement query = connection.prepareStatement(CREATOR_SQL, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                query.setFetchSize(config.exportFetchSize());
                query.setObject(1, utc(now));
                query.setObject(2, creatorId);
                query.setObject(3, utc(range.start()));
                query.setObject(4, utc(range.endExclusive()));
                try (ResultSet rows = query.executeQuery(); CsvWriter csv = new CsvWriter(stream, range.zone())) {
                    csv.row(CREATOR_COLUMNS.toArray());
                    while (rows.next()) {
                        boolean attended = rows.getObject("joined_at") != null;
                        UUID participant = rows.getObject("account_id", UUID.class);
                        String name = !attended ? null : participant == null ? erased : rows.getString("display_name");
                        csv.row(rows.getObject("id", UUID.class), rows.getString("number"), rows.getString("topic"),
                                rows.getString("status"), instant(rows, "started_at"), instant(rows, "ended_at"),
                                participant, name, instant(rows, "joined_at"), instant(rows, "left_at"),
                                rows.getObject("seconds"), rows.getObject("total"));
                    }
                }
            }
        });
    }

    /** The enterprise's meetings in the given statuses whose time falls in the range, newest first. */
    public void writeEnterpriseMeetings(UUID enterpriseId, List<Meeting.Status> statuses, DateRange range,
            OutputStream stream) {
        readOnly(connection -> {
            try (PreparedStatement query = connection.prepareStatement(ENTERPRISE_SQL, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                query.setFetchSize(config.exportFetchSize());
                query.setObject(1, enterpriseId);
                query.setArray(2, connection.createArrayOf("varchar", statuses.stream().map(Enum::name).toArray()));
                query.setObject(3, utc(range.start()));
                query.setObject(4, utc(range.endExclusive()));
                try (ResultSet rows = query.executeQuery(); CsvWriter csv = new CsvWriter(stream, range.zone())) {
                    csv.row(ENTERPRISE_COLUMNS.toArray());
                    while (rows.next()) {
                        csv.row(rows.getObject("id", UUID.class), rows.getString("number"), rows.getString("topic"),
                                rows.getString("status"), instant(rows, "started_at"), instant(rows, "ended_at"));
                    }
                }
            }
        });
    }

    private interface ConnectionWork {
        void run(Connection connection) throws SQLException, IOException;
    }

    /*
     * Inside a transaction PostgreSQL's driver reads through a cursor, fetchSize rows at a time
     * (outside one it would load the whole result first). The transaction is read-only in the
     * database itself, and may last as long as a slow client takes to download.
     */
    private void readOnly(ConnectionWork work) {
        QuarkusTransaction.requiringNew().timeout((int) config.exportTimeout().toSeconds()).run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement readOnly = connection.createStatement()) {
                    readOnly.execute("SET TRANSACTION READ ONLY");
                }
                work.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("History export failed", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
