package io.huiketang.privacy.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * What a test does to the audit tables as their owner, bypassing the append-only trigger: empty
 * the log (so each test starts from a whole chain) or tamper with it the way an intruder with
 * database access would.
 */
final class AuditTables {

    private AuditTables() {
    }

    /** Empties the log and resets the head, holding the head's lock as appends do. */
    static void reset(DataSource dataSource) throws SQLException {
        asOwner(dataSource, "DELETE FROM audit_record",
                "UPDATE audit_chain SET head_seq = 0, head_hash = repeat('0', 64) WHERE id = 1");
    }

    /** Runs statements with the table's triggers off, under the head's lock, in one transaction. */
    static void asOwner(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1 FROM audit_chain WHERE id = 1 FOR UPDATE");
                statement.execute("ALTER TABLE audit_record DISABLE TRIGGER USER");
                for (String sql : statements) {
                    statement.execute(sql);
                }
                statement.execute("ALTER TABLE audit_record ENABLE TRIGGER USER");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
