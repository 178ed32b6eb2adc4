package io.huiketang.kit.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that is out of reach (down, restarting, pool exhausted) from a fault of the
 * request or event itself: the first is temporary and answered 503 or retried, never dead-lettered.
 */
public final class DatabaseFailures {

    // Agroal signals an exhausted pool with a plain SQLException that has no SQLState
    private static final String POOL_ACQUISITION_TIMEOUT = "Acquisition timeout";

    private DatabaseFailures() {
    }

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
                if (state == null && sql.getMessage() != null && sql.getMessage().startsWith(POOL_ACQUISITION_TIMEOUT)) {
                    return true;
                }
            }
        }
        return false;
    }
}
