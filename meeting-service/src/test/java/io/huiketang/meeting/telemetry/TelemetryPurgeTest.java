package io.huiketang.meeting.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Each kind is deleted once past its own retention, and not a day before (the rules of data-map.yaml). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class TelemetryPurgeTest {

    private static final Map<TelemetryKind, Integer> RETENTION_DAYS = Map.of(TelemetryKind.QUALITY, 30,
            TelemetryKind.DEVICE, 180, TelemetryKind.CRASH, 90, TelemetryKind.TRAFFIC, 30,
            TelemetryKind.OPERATION, 180);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Test
    void purgeDeletesExactlyTheReportsPastTheirKindsRetentionInBatches() throws Exception {
        Instant now = Instant.now();
        UUID person = UUID.randomUUID();
        Set<UUID> expired = new HashSet<>();
        Set<UUID> kept = new HashSet<>();
        for (TelemetryKind kind : TelemetryKind.values()) {
            Duration retention = Duration.ofDays(RETENTION_DAYS.get(kind));
            // Several expired rows per kind: more than one batch (test batch size 2)
            for (int i = 0; i < 5; i++) {
                expired.add(insert(person, kind, now.minus(retention).minusSeconds(60 + i * 86_400L)));
            }
            kept.add(insert(person, kind, now.minus(retention).plusSeconds(60)));
            kept.add(insert(person, kind, now));
        }

        RetentionRunner.Run run = retention.runOnce(now);

        Set<UUID> remaining = idsOf(person);
        assertEquals(kept, remaining);
        for (TelemetryKind kind : TelemetryKind.values()) {
            // Other tests' reports are all recent: nothing but ours was due
            assertEquals(5L, run.rows("telemetry_record", rule(kind)), kind.name());
        }
        assertTrue(expired.stream().noneMatch(remaining::contains));

        // Again: nothing left to delete
        RetentionRunner.Run again = retention.runOnce(now);
        for (TelemetryKind kind : TelemetryKind.values()) {
            assertEquals(0L, again.rows("telemetry_record", rule(kind)), kind.name());
        }
        assertEquals(kept, idsOf(person));
    }

    private static String rule(TelemetryKind kind) {
        return kind.name().toLowerCase();
    }

    private UUID insert(UUID person, TelemetryKind kind, Instant receivedAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO telemetry_record (id, account_id, kind, received_at, region, occurred_at) "
                        + "VALUES (?, ?, ?, ?, 'CN', ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, person);
            insert.setString(3, kind.name());
            insert.setTimestamp(4, Timestamp.from(receivedAt));
            insert.setTimestamp(5, Timestamp.from(receivedAt));
            insert.executeUpdate();
        }
        return id;
    }

    private Set<UUID> idsOf(UUID person) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM telemetry_record WHERE account_id = ?")) {
            select.setObject(1, person);
            Set<UUID> ids = new HashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }
}
