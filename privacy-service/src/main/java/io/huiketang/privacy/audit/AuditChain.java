package io.huiketang.privacy.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/**
 * Verifies the audit log's hash chain from its first record to its head: every sequence number
 * present (a removed record leaves a gap, or a head beyond the last record), every record's content
 * hashing to its content hash (a changed record), every record linked to the one before, and the
 * head naming the last record's hash. A record emptied by the retention purge is checked by its
 * stored content hash, and only if it is past the 180-day minimum.
 */
@ApplicationScoped
public class AuditChain {

    /** The least an audit record is kept whole (the migration's trigger enforces the same). */
    static final Duration LEGAL_MINIMUM = Duration.ofDays(180);
    private static final int BATCH = 1000;

    /**
     * @param intact         whether the whole chain verified
     * @param records        how many records were checked
     * @param headSeq        the sequence number the chain's head names
     * @param firstBrokenSeq the first sequence number that failed, or null
     * @param problem        what failed there, or null
     */
    public record Verification(boolean intact, long records, long headSeq, Long firstBrokenSeq, String problem) {
    }

    private final AgroalDataSource dataSource;
    private final AuditRecords records;

    AuditChain(AgroalDataSource dataSource, AuditRecords records) {
        this.dataSource = dataSource;
        this.records = records;
    }

    @WithSpan("AuditChain.verify")
    public Verification verify() {
        long headSeq;
        String headHash;
        try (var connection = dataSource.getConnection();
                PreparedStatement head = connection.prepareStatement(
                        "SELECT head_seq, head_hash FROM audit_chain WHERE id = 1");
                ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                return new Verification(false, 0, 0, 1L, "the chain's head row is missing");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit chain's head failed", e);
        }
        Instant purgeableBefore = Instant.now().minus(LEGAL_MINIMUM);
        long expectedSeq = 1;
        String prevHash = AuditHashes.GENESIS;
        long checked = 0;
        // Records appended after the head was read are left for the next verification
        while (expectedSeq <= headSeq) {
            List<AuditRecord> batch = records.chainAfter(expectedSeq - 1, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (AuditRecord record : batch) {
                if (expectedSeq > headSeq) {
                    break;
                }
                if (record.seq() != expectedSeq) {
                    return broken(checked, headSeq, expectedSeq, expectedSeq == record.seq() - 1
                            ? "record " + expectedSeq + " is missing"
                            : "records " + expectedSeq + " to " + (record.seq() - 1) + " are missing");
                }
                String problem = problemOf(record, prevHash, purgeableBefore);
                if (problem != null) {
                    return broken(checked, headSeq, record.seq(), problem);
                }
                checked++;
                prevHash = record.hash();
                expectedSeq++;
            }
        }
        if (expectedSeq <= headSeq) {
            return broken(checked, headSeq, expectedSeq, expectedSeq == headSeq
                    ? "record " + headSeq + " (the head) is missing"
                    : "records " + expectedSeq + " to " + headSeq + " (the head) are missing");
        }
        if (!prevHash.equals(headHash)) {
            return broken(checked, headSeq, headSeq, "the chain's head does not name the last record's hash");
        }
        return new Verification(true, checked, headSeq, null, null);
    }

    private static String problemOf(AuditRecord record, String prevHash, Instant purgeableBefore) {
        if (record.purged()) {
            if (record.occurredAt().isAfter(purgeableBefore)) {
                return "its content was emptied before the 180-day minimum";
            }
        } else if (!AuditHashes.contentHash(record).equals(record.contentHash())) {
            return "its content does not match its content hash (changed)";
        }
        if (!record.prevHash().equals(prevHash)) {
            return "it does not link to the previous record's hash";
        }
        if (!AuditHashes.link(prevHash, record.contentHash()).equals(record.hash())) {
            return "its hash is not SHA-256(previous hash, content hash)";
        }
        return null;
    }

    private static Verification broken(long checked, long headSeq, long seq, String problem) {
        return new Verification(false, checked, headSeq, seq, problem);
    }
}
