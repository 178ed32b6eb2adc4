package io.huiketang.privacy.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * The person's consent ledger in their export; at erasure it is kept as evidence (legal hold): it
 * proves that processing done before was consented to (PIPL art. 69 puts that proof on the
 * processor) for the three-year limitation period of claims (民法典 art. 188), then the retention
 * runner deletes it. From the erasure on it serves nothing else: no campaign, read or state uses it.
 */
@ApplicationScoped
public class ConsentLedgerSection implements PersonalDataSection {

    static final String DATASET = "consent_ledger";
    static final String HOLD_REASON = "consent evidence: kept 3 years after erasure (民法典 art. 188, PIPL art. 69)";
    /** The hold, as data-map.yaml declares it (legalMinimum P1095D). */
    static final long HOLD_DAYS = 1095;

    private final ObjectMapper json;

    ConsentLedgerSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "consents";
    }

    @Override
    public JsonNode export(UUID accountId) {
        return json.valueToTree(ConsentEntry.<ConsentEntry>list("accountId = ?1 order by id", accountId).stream()
                .map(ConsentResource.HistoryEntry::of).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        // Nothing deleted: every row is held (legalHolds), marked so that the hold's clock starts now
        ConsentEntry.update("erasureRequestedAt = ?1 where accountId = ?2 and erasureRequestedAt is null",
                Instant.now(), accountId);
        return Map.of(DATASET, 0L);
    }

    @Override
    public List<ErasureReceipt.LegalHold> legalHolds(UUID accountId) {
        if (ConsentEntry.count("accountId", accountId) == 0) {
            return List.of();
        }
        return List.of(new ErasureReceipt.LegalHold(DATASET, HOLD_REASON,
                LocalDate.now(ZoneOffset.UTC).plusDays(HOLD_DAYS)));
    }
}
