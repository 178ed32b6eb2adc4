package io.huiketang.kit.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Tells a database that is out of reach (down, restarting, pool exhausted) from a fault of the
 * request or event itself: the first is temporary and answered 503 or retried, never dead-lettered.
 * One place for the classification, used by the problem mappers and the inbox alike.
 */
public final class DatabaseFailures {

    // Agroal signals an exhausted pool with a plain SQLException that has no SQLState, its message
    // "Sorry, acquisition timeout!" (InboxTest exhausts a real pool to keep this true)
    private static final String POOL_ACQUISITION_TIMEOUT = "acquisition timeout";

    private DatabaseFailures() {
    }

    /**
     * A failure that says nothing about the request or event: the database is out of reach, or the
     * transaction lost a deadlock or a serialization conflict. Trying again later can succeed.
     */
    public static boolean transientFailure(Throwable e) {
        if (unavailable(e)) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // 40001: serialization failure; 40P01: deadlock detected
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The database is out of reach: down, restarting, refusing connections, or the pool exhausted. */
    public static boolean unavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P: operator intervention (shutdown, restart); 53300: too many connections
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                    return true;
                }
                if (state == null && sql.getMessage() != null
                        && sql.getMessage().toLowerCase(Locale.ROOT).contains(POOL_ACQUISITION_TIMEOUT)) {
                    return true;
                }
            }
        }
        return false;
    }
}
