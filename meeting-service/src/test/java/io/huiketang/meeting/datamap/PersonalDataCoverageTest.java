package io.huiketang.meeting.datamap;

import static io.huiketang.kit.testing.DataMapAssertions.insert;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.testing.DataMapAssertions;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Export and erasure cover the data map (PRV-1): one person with a value in every personal column the
 * map declares (seeded with plain SQL), whose export shows each of them, and after whose erasure
 * each is deleted, anonymised, kept or held exactly as declared (checked with plain SQL), the
 * receipt's legal holds being the map's.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class PersonalDataCoverageTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Inject
    PersonalDataHolder personalData;

    @Test
    void exportShowsAndErasureTreatsEveryPersonalColumnAsTheMapDeclares() throws Exception {
        UUID person = UUID.randomUUID();
        seed(person);

        DataMapAssertions.assertExportAndErasureCover(dataSource, retention.map(), person.toString(), personalData);
    }

    private void seed(UUID person) throws Exception {
        Instant now = Instant.now();
        UUID meeting = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, """
                    INSERT INTO meeting (id, number, topic, kind, planned_start, planned_minutes, passcode_hash,
                        creator_id, enterprise_id, status, started_at, ended_at, created_at, updated_at)
                    VALUES (?, '900000001', 'Ada''s quarterly review', 'SCHEDULED', ?, 30, repeat('a', 64), ?, NULL,
                        'ENDED', ?, ?, ?, ?)""", meeting, ts(now.minusSeconds(7200)), person, ts(now.minusSeconds(7200)),
                    ts(now.minusSeconds(3600)), ts(now.minusSeconds(9000)), ts(now.minusSeconds(3600)));
            insert(connection, """
                    INSERT INTO attendance_session (id, meeting_id, account_id, display_name, joined_at, left_at, leave_reason)
                    VALUES (?, ?, ?, 'Ada', ?, ?, 'LEFT')""", UUID.randomUUID(), meeting, person,
                    ts(now.minusSeconds(7000)), ts(now.minusSeconds(3700)));
            insert(connection, """
                    INSERT INTO telemetry_record (id, account_id, kind, received_at, region, occurred_at, meeting_id,
                        audio_volume, video_volume, packet_loss_percent, jitter_ms, bitrate_kbps, device_model, os_name,
                        os_version, network_type, imei_hash, mac_hash, android_id_hash, app_version, crash_signature,
                        crash_message, period_start, bytes_sent, bytes_received, action, result, error_code)
                    VALUES (?, ?, 'DEVICE', ?, 'CN', ?, ?, 50, 60, 1.5, 20, 800, 'Pixel 8', 'Android', '15', 'WIFI',
                        repeat('1', 64), repeat('2', 64), repeat('3', 64), '1.0.0', 'sig', 'boom', ?, 1000, 2000,
                        'join', 'OK', 'E0')""", UUID.randomUUID(), person, ts(now), ts(now.minusSeconds(60)), meeting,
                    ts(now.minusSeconds(3600)));
            insert(connection, "INSERT INTO analytics_consent (account_id, granted, changed_at) VALUES (?, false, ?)",
                    person, ts(now.minusSeconds(30)));
            insert(connection, """
                    INSERT INTO connection_log (id, ip, connected_at, meeting_id, account_id, region)
                    VALUES (?, '203.0.113.7', ?, ?, ?, 'cn-east')""", UUID.randomUUID(),
                    ts(now.minus(Duration.ofDays(3))), meeting, person);
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
