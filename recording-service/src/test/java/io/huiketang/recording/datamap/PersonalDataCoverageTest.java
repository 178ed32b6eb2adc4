package io.huiketang.recording.datamap;

import static io.huiketang.kit.testing.DataMapAssertions.insert;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.testing.DataMapAssertions;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.recording.cloud.RecordingStorage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Export and erasure cover the data map (PRV-1): one person with a value in every personal column
 * (seeded with plain SQL): their own cloud recording with its file in the S3 store, a recording they
 * started in someone else's space, their evidence entry, presence, usage and download. The export
 * shows each; erasure treats each as declared, and the person's file is gone from the store.
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

    @Inject
    RecordingStorage storage;

    @Test
    void exportShowsAndErasureTreatsEveryPersonalColumnAsTheMapDeclares() throws Exception {
        UUID person = UUID.randomUUID();
        String key = seed(person);

        DataMapAssertions.assertExportAndErasureCover(dataSource, retention.map(), person.toString(), personalData);
        assertTrue(storage.sizeOf(key).isEmpty(), "the person's recording file is deleted from the store");
    }

    private String seed(UUID person) throws Exception {
        Instant now = Instant.now();
        UUID other = UUID.randomUUID();
        UUID meeting = UUID.randomUUID();
        UUID othersMeeting = UUID.randomUUID();
        UUID own = UUID.randomUUID();
        UUID started = UUID.randomUUID();
        String key = RecordingStorage.ownerPrefix(person) + own + ".mp4";
        storage.put(key, "media".getBytes(StandardCharsets.UTF_8), "video/mp4");
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, """
                    INSERT INTO meeting_copy (meeting_id, number, creator_id, enterprise_id, status, started_at, ended_at)
                    VALUES (?, '900000001', ?, NULL, 'ENDED', ?, ?)""", meeting, person, ts(now.minusSeconds(7200)),
                    ts(now.minusSeconds(3600)));
            insert(connection, """
                    INSERT INTO meeting_presence (session_id, meeting_id, account_id, host, joined_at, left_at)
                    VALUES (?, ?, ?, false, ?, ?)""", UUID.randomUUID(), othersMeeting, person,
                    ts(now.minusSeconds(7000)), ts(now.minusSeconds(3700)));
            insert(connection, """
                    INSERT INTO recording (id, meeting_id, kind, owner_id, enterprise_id, started_by, status, started_at,
                        stopped_at, stop_reason, notice, egress_id, object_key, size_bytes, duration_ms, landed_at, trashed_at)
                    VALUES (?, ?, 'CLOUD', ?, NULL, ?, 'STOPPED', ?, ?, 'EGRESS_ENDED', '本会议正在录制', 'EG_1', ?, 5, 61000, ?, ?)""",
                    own, meeting, person, other, ts(now.minusSeconds(7000)), ts(now.minusSeconds(6000)), key,
                    ts(now.minusSeconds(5900)), ts(now.minusSeconds(60)));
            insert(connection, """
                    INSERT INTO recording (id, meeting_id, kind, owner_id, enterprise_id, started_by, status, started_at,
                        stopped_at, stop_reason, notice, egress_id, object_key, size_bytes, duration_ms, landed_at, trashed_at)
                    VALUES (?, ?, 'LOCAL', ?, NULL, ?, 'STOPPED', ?, ?, 'STOPPED', '本会议正在录制', NULL, NULL, NULL, NULL,
                        NULL, NULL)""", started, othersMeeting, other, person, ts(now.minusSeconds(7000)),
                    ts(now.minusSeconds(6500)));
            insert(connection, """
                    INSERT INTO recording_notice (id, recording_id, session_id, account_id, channel, notified_at, answer,
                        answered_at, left_at)
                    VALUES (?, ?, ?, ?, 'IN_APP', ?, 'LEAVE', ?, ?)""", UUID.randomUUID(), started, UUID.randomUUID(),
                    person, ts(now.minusSeconds(6900)), ts(now.minusSeconds(6890)), ts(now.minusSeconds(6880)));
            insert(connection, "INSERT INTO storage_usage (owner_id, used_bytes) VALUES (?, 5)", person);
            insert(connection, """
                    INSERT INTO recording_download (id, recording_id, account_id, requested_at)
                    VALUES (?, ?, ?, ?)""", UUID.randomUUID(), started, person, ts(now.minusSeconds(100)));
        }
        return key;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
