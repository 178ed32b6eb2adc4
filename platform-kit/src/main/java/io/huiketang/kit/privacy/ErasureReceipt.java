package io.huiketang.kit.privacy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one service did for an erasure request.
 *
 * @param affected   rows (or keys) deleted or anonymised, per table or dataset
 * @param legalHolds data kept because a law requires it, and until when
 */
public record ErasureReceipt(Map<String, Long> affected, List<LegalHold> legalHolds) {

    public ErasureReceipt {
        affected = Map.copyOf(affected);
        legalHolds = List.copyOf(legalHolds);
    }

    /**
     * @param dataset the table or dataset kept
     * @param reason  the legal basis, e.g. "network log: kept at least 180 days"
     * @param until   the day it will be deleted
     */
    public record LegalHold(String dataset, String reason, LocalDate until) {
    }
}
