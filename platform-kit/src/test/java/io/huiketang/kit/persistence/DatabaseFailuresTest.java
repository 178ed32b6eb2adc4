package io.huiketang.kit.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void aRefusedConnectionWrappedByTheOrmIsUnavailability() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertTrue(DatabaseFailures.unavailable(new RuntimeException("could not connect", refused)));
    }

    @Test
    void anExhaustedPoolIsUnavailabilityThoughAgroalGivesNoSqlState() {
        assertTrue(DatabaseFailures.unavailable(new RuntimeException(
                new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseFailures.unavailable(new SQLTransientConnectionException("pool closed")));
    }

    @Test
    void aServerShuttingDownOrFullIsUnavailability() {
        assertTrue(DatabaseFailures.unavailable(new SQLException("terminating connection", "57P01")));
        assertTrue(DatabaseFailures.unavailable(new SQLException("too many clients", "53300")));
    }

    @Test
    void aLostDeadlockOrSerializationConflictIsTransientButNotUnavailability() {
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        assertTrue(DatabaseFailures.transientFailure(new RuntimeException(deadlock)));
        assertTrue(DatabaseFailures.transientFailure(new SQLException("could not serialize", "40001")));
        assertFalse(DatabaseFailures.unavailable(deadlock));
        assertTrue(DatabaseFailures.transientFailure(new SQLException("Sorry, acquisition timeout!")));
    }

    @Test
    void aFaultOfTheRequestItselfIsNot() {
        SQLException duplicate = new SQLException("duplicate key", "23505");
        assertFalse(DatabaseFailures.unavailable(new RuntimeException("duplicate", duplicate)));
        assertFalse(DatabaseFailures.unavailable(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseFailures.unavailable(new SQLException("no state, another message")));
        assertFalse(DatabaseFailures.unavailable(new IllegalStateException("not a database failure")));
        assertFalse(DatabaseFailures.transientFailure(new RuntimeException("duplicate", duplicate)));
    }
}
