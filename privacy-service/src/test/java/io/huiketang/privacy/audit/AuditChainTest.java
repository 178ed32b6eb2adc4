package io.huiketang.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The audit log's chain against the real database: appends serialised into one gapless chain, a
 * changed or removed record found by the verifier, the trigger refusing changes, and the retention
 * purge emptying old records without breaking the chain.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AuditChainTest {

    @Inject
    AuditLog log;

    @Inject
    AuditChain chain;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @BeforeEach
    void emptyTheLog() throws SQLException {
        AuditTables.reset(dataSource);
    }

    @Test
    void recordsAppendedTogetherFormOneGaplessChainThatVerifies() throws Exception {
        String subject = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> appends = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int n = i;
            appends.add(pool.submit(() -> log.append("operator", "staff:" + n, subject, "personal-data-accessed",
                    "account-profile", "ticket-" + n)));
        }
        Set<Long> seqs = new TreeSet<>();
        for (Future<Long> append : appends) {
            seqs.add(append.get());
        }
        pool.shutdown();

        assertEquals(80, seqs.size(), "every append got a sequence number of its own");
        AuditChain.Verification verification = chain.verify();
        assertTrue(verification.intact(), () -> "chain broken: " + verification);
        assertTrue(verification.records() >= 80);
        assertNull(verification.firstBrokenSeq());
        assertEquals(verification.headSeq(), verification.records());
    }

    @Test
    void aChangedRecordIsFound() throws SQLException {
        String subject = UUID.randomUUID().toString();
        log.append("operator", "staff:a", subject, "personal-data-accessed", "meeting-attendance", "ticket-1");
        long changed = log.append("operator", "staff:a", subject, "personal-data-accessed", "meeting-attendance",
                "ticket-2");
        log.append("operator", "staff:a", subject, "personal-data-accessed", "meeting-attendance", "ticket-3");
        assertTrue(chain.verify().intact());

        AuditTables.asOwner(dataSource, "UPDATE audit_record SET purpose = 'nothing to see' WHERE seq = " + changed);

        AuditChain.Verification verification = chain.verify();
        assertFalse(verification.intact());
        assertEquals(changed, verification.firstBrokenSeq());
        assertTrue(verification.problem().contains("changed"), verification.problem());
    }

    @Test
    void aChangedRecordWithRecomputedHashesStillBreaksTheLinkToTheNext() throws SQLException {
        String subject = UUID.randomUUID().toString();
        long changed = log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-1");
        long next = log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-2");
        // An intruder rewrites the record's content hash and hash consistently for the new content
        AuditRecord original = record(changed);
        String contentHash = AuditHashes.sha256(AuditHashes.canonical(original.seq(), original.eventId(),
                original.source(), original.recordedAt(), original.occurredAt(), original.actorRole(),
                original.action(), "staff:someone-else", original.subjectId(), original.resource(), original.purpose()));
        String hash = AuditHashes.link(original.prevHash(), contentHash);
        AuditTables.asOwner(dataSource, "UPDATE audit_record SET actor_id = 'staff:someone-else', content_hash = '"
                + contentHash + "', hash = '" + hash + "' WHERE seq = " + changed);

        AuditChain.Verification verification = chain.verify();
        assertFalse(verification.intact());
        assertEquals(next, verification.firstBrokenSeq());
        assertTrue(verification.problem().contains("previous"), verification.problem());
    }

    @Test
    void aRemovedRecordIsFound() throws SQLException {
        String subject = UUID.randomUUID().toString();
        log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-1");
        long removed = log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-2");
        log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-3");

        AuditTables.asOwner(dataSource, "DELETE FROM audit_record WHERE seq = " + removed);

        AuditChain.Verification verification = chain.verify();
        assertFalse(verification.intact());
        assertEquals(removed, verification.firstBrokenSeq());
        assertTrue(verification.problem().contains("missing"), verification.problem());
    }

    @Test
    void aRemovedLastRecordIsFoundByTheHead() throws SQLException {
        String subject = UUID.randomUUID().toString();
        log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-1");
        long last = log.append("operator", "staff:a", subject, "personal-data-accessed", "profile", "t-2");

        AuditTables.asOwner(dataSource, "DELETE FROM audit_record WHERE seq = " + last);

        AuditChain.Verification verification = chain.verify();
        assertFalse(verification.intact());
        assertEquals(last, verification.firstBrokenSeq());
        assertTrue(verification.problem().contains("missing"), verification.problem());
    }

    @Test
    void theTriggerRefusesUpdatesDeletesAndTruncation() throws SQLException {
        long seq = log.append("operator", "staff:a", UUID.randomUUID().toString(), "personal-data-accessed",
                "profile", "t-1");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE audit_record SET purpose = 'x' WHERE seq = " + seq));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException empty = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE audit_record SET purpose = NULL WHERE seq = " + seq));
            assertTrue(empty.getMessage().contains("at least 180 days"), empty.getMessage());
            SQLException delete = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("DELETE FROM audit_record WHERE seq = " + seq));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
            assertThrows(SQLException.class, () -> statement.execute("TRUNCATE audit_record"));
        }
        assertTrue(chain.verify().intact());
    }

    @Test
    void theRetentionPurgeEmptiesOldRecordsAndTheChainStillVerifies() throws SQLException {
        String oldSubject = UUID.randomUUID().toString();
        String newSubject = UUID.randomUUID().toString();
        Instant fourYearsAgo = Instant.now().minus(Duration.ofDays(4 * 365));
        long old = log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "meeting-service", fourYearsAgo,
                "enterprise_admin", UUID.randomUUID().toString(), oldSubject, "personal-data-accessed",
                "meeting-attendance", "export"));
        long recent = log.append("operator", "staff:a", newSubject, "personal-data-accessed", "profile", "t-1");

        RetentionRunner.Run run = retention.runOnce(Instant.now());

        assertTrue(run.rows("audit_record", "audit-content") >= 1, () -> "purge: " + run.purges());
        AuditRecord purged = record(old);
        assertTrue(purged.purged(), "the old record's personal content is emptied");
        assertNull(purged.subjectId());
        assertNotNull(purged.contentHash());
        assertEquals(newSubject, record(recent).subjectId(), "a recent record is untouched");
        AuditChain.Verification verification = chain.verify();
        assertTrue(verification.intact(), () -> "chain broken after the purge: " + verification);
    }

    @Test
    void anEventAppendedTwiceIsRecordedOnce() {
        String eventId = UUID.randomUUID().toString();
        AuditLog.Entry entry = new AuditLog.Entry(eventId, "account-service", Instant.now(), "operator",
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), "personal-data-accessed", "profile", "t");
        long first = log.append(entry);
        long second = log.append(entry);
        assertEquals(first, second);
        assertTrue(chain.verify().intact());
    }

    @Test
    void anIncompleteRecordIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> log.append("operator", "staff:a", null, "personal-data-accessed", "profile", "t"));
        assertThrows(IllegalArgumentException.class,
                () -> log.append("operator", "staff:a", "s", "personal-data-accessed", "x".repeat(501), "t"));
    }

    private AuditRecord record(long seq) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + AuditRecords.COLUMNS
                        + " FROM audit_record WHERE seq = " + seq)) {
            assertTrue(rs.next(), "record " + seq + " exists");
            return AuditRecords.read(rs);
        }
    }
}
