package io.huiketang.meeting.history;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.huiketang.meeting.meeting.Meeting;

/**
 * Writes history exports (MTG-4, MTG-5) a page at a time: each page of meetings (keyset on the
 * export's order, so a page costs the same however deep into the history) is read in one short
 * statement, its connection returned to the pool, and only then written to the client. A slow
 * download holds no connection and no transaction; memory stays at one page however long the
 * history. Each page reads the database as it is at that moment.
 */
@ApplicationScoped
public class HistoryExports {

    static final List<String> CREATOR_COLUMNS = List.of("meeting_id", "meeting_number", "topic", "status", "start",
            "end", "participant_id", "participant", "join", "leave", "duration_seconds", "participant_total_seconds");

    static final List<String> ENTERPRISE_COLUMNS = List.of("meeting_id", "meeting_number", "topic", "status",
            "start", "end");

    /* Newest first; the id breaks ties. The keyset clause continues after the last meeting written. */
    private static final String AFTER = " AND (coalesce(m.started_at, m.created_at) < ? "
            + "OR (coalesce(m.started_at, m.created_at) = ? AND m.id > ?))";

    /*
     * One row per session, and one row with empty participant columns for a meeting nobody attended.
     * A person's total is summed by the database over all their sessions in that meeting; sessions
     * of erased accounts are each their own "person", since they can no longer be told apart.
     */
    private static final String CREATOR_SQL = """
            WITH page AS (
                SELECT m.id, m.number, m.topic, m.status, m.started_at, m.ended_at,
                       coalesce(m.started_at, m.created_at) AS effective_at
                FROM meeting m
                WHERE m.creator_id = ? AND coalesce(m.started_at, m.created_at) >= ?
                  AND coalesce(m.started_at, m.created_at) < ? %s
                ORDER BY effective_at DESC, m.id
                LIMIT ?)
            SELECT id, number, topic, status, started_at, ended_at, effective_at, account_id, display_name, joined_at,
                   left_at, seconds, sum(seconds) OVER (PARTITION BY id, coalesce(account_id, session_id)) AS total
            FROM (SELECT p.*, s.id AS session_id, s.account_id, s.display_name, s.joined_at, s.left_at,
                         CASE WHEN s.id IS NOT NULL THEN
                             greatest(0, floor(extract(epoch FROM coalesce(s.left_at, ?) - s.joined_at)))::bigint
                         END AS seconds
                  FROM page p LEFT JOIN attendance_session s ON s.meeting_id = p.id) rows
            ORDER BY effective_at DESC, id, joined_at, session_id
            """;

    private static final String ENTERPRISE_SQL = """
            SELECT m.id, m.number, m.topic, m.status, m.started_at, m.ended_at,
                   coalesce(m.started_at, m.created_at) AS effective_at
            FROM meeting m
            WHERE m.enterprise_id = ? AND m.status = ANY (?)
              AND coalesce(m.started_at, m.created_at) >= ? AND coalesce(m.started_at, m.created_at) < ? %s
            ORDER BY effective_at DESC, m.id
            LIMIT ?
            """;

    /** Where the next page starts: after this meeting. */
    private record Cursor(OffsetDateTime effectiveAt, UUID meetingId) {
    }

    /** One page read and released: its rows (CSV cells), and the cursor after it (null at the end). */
    private record Page(List<Object[]> rows, Cursor next) {
    }

    private interface PageQuery {
        Page read(Connection connection, Cursor after) throws SQLException;
    }

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
        int meetings = config.exportPageSize();
        write(stream, range, CREATOR_COLUMNS, (connection, after) -> {
            try (PreparedStatement query = connection.prepareStatement(
                    CREATOR_SQL.formatted(after == null ? "" : AFTER))) {
                int i = 1;
                query.setObject(i++, creatorId);
                query.setObject(i++, utc(range.start()));
                query.setObject(i++, utc(range.endExclusive()));
                i = setAfter(query, i, after);
                query.setInt(i++, meetings);
                query.setObject(i, utc(now));
                List<Object[]> rows = new ArrayList<>();
                Cursor last = null;
                int seen = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject("id", UUID.class);
                        if (last == null || !last.meetingId().equals(id)) {
                            last = new Cursor(rs.getObject("effective_at", OffsetDateTime.class), id);
                            seen++;
                        }
                        boolean attended = rs.getObject("joined_at") != null;
                        UUID participant = rs.getObject("account_id", UUID.class);
                        String name = !attended ? null : participant == null ? erased : rs.getString("display_name");
                        rows.add(new Object[] { id, rs.getString("number"), rs.getString("topic"),
                                rs.getString("status"), instant(rs, "started_at"), instant(rs, "ended_at"),
                                participant, name, instant(rs, "joined_at"), instant(rs, "left_at"),
                                rs.getObject("seconds"), rs.getObject("total") });
                    }
                }
                return new Page(rows, seen < meetings ? null : last);
            }
        });
    }

    /** The enterprise's meetings in the given statuses whose time falls in the range, newest first. */
    public void writeEnterpriseMeetings(UUID enterpriseId, List<Meeting.Status> statuses, DateRange range,
            OutputStream stream) {
        int meetings = config.exportPageSize();
        write(stream, range, ENTERPRISE_COLUMNS, (connection, after) -> {
            try (PreparedStatement query = connection.prepareStatement(
                    ENTERPRISE_SQL.formatted(after == null ? "" : AFTER))) {
                int i = 1;
                query.setObject(i++, enterpriseId);
                query.setArray(i++, connection.createArrayOf("varchar", statuses.stream().map(Enum::name).toArray()));
                query.setObject(i++, utc(range.start()));
                query.setObject(i++, utc(range.endExclusive()));
                i = setAfter(query, i, after);
                query.setInt(i, meetings);
                List<Object[]> rows = new ArrayList<>();
                Cursor last = null;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject("id", UUID.class);
                        last = new Cursor(rs.getObject("effective_at", OffsetDateTime.class), id);
                        rows.add(new Object[] { id, rs.getString("number"), rs.getString("topic"),
                                rs.getString("status"), instant(rs, "started_at"), instant(rs, "ended_at") });
                    }
                }
                return new Page(rows, rows.size() < meetings ? null : last);
            }
        });
    }

    private static int setAfter(PreparedStatement query, int i, Cursor after) throws SQLException {
        if (after != null) {
            query.setObject(i++, after.effectiveAt());
            query.setObject(i++, after.effectiveAt());
            query.setObject(i++, after.meetingId());
        }
        return i;
    }

    /*
     * The header, then page after page: the connection is taken for one statement (autocommit, its
     * own short read) and returned before the page is written, so the client's pace never holds it.
     */
    private void write(OutputStream stream, DateRange range, List<String> columns, PageQuery pages) {
        try (CsvWriter csv = new CsvWriter(stream, range.zone())) {
            csv.row(columns.toArray());
            Cursor after = null;
            do {
                Page page;
                try (Connection connection = dataSource.getConnection()) {
                    page = pages.read(connection, after);
                }
                for (Object[] row : page.rows()) {
                    csv.row(row);
                }
                after = page.next();
            } while (after != null);
        } catch (SQLException e) {
            throw new IllegalStateException("History export failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
