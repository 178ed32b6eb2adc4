package io.huiketang.meeting.connection;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The service refuses to start with a retention the law does not allow (at least 180 days). */
class ConnectionLogRetentionTest {

    @Test
    void retentionBelow180DaysIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConnectionLogs.requireLegalMinimum(Duration.ofDays(179)));
        assertTrue(e.getMessage().contains("at least 180 days"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> ConnectionLogs.requireLegalMinimum(Duration.ofDays(180).minusSeconds(1)));
    }

    @Test
    void retentionOf180DaysOrMoreIsAccepted() {
        assertDoesNotThrow(() -> ConnectionLogs.requireLegalMinimum(Duration.ofDays(180)));
        assertDoesNotThrow(() -> ConnectionLogs.requireLegalMinimum(Duration.ofDays(365)));
    }
}
