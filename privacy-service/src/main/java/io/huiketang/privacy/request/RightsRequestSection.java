package io.huiketang.privacy.request;

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
 * The person's rights requests in their export; at erasure they are kept (legal hold) as the record that each
 * request was received and answered within its period (PIPL art. 50, 个人信息保护法: a processor handles rights
 * requests and states its reasons), for the three-year limitation period (民法典 art. 188), then the retention
 * runner deletes them. A correction's text is the person's own words and goes at once.
 */
@ApplicationScoped
public class RightsRequestSection implements PersonalDataSection {

    static final String DATASET = "rights_request";
    static final String HOLD_REASON = "record of rights requests and their answers: kept 3 years (PIPL art. 50, 民法典 art. 188)";
    static final long HOLD_DAYS = 1095;

    private final ObjectMapper json;

    RightsRequestSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "rightsRequests";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<Map<String, Object>> requests = RightsRequest.<RightsRequest>list("subjectId = ?1 order by openedAt",
                accountId).stream().map(r -> {
                    Map<String, Object> view = new java.util.LinkedHashMap<>();
                    view.put("id", r.id.toString());
                    view.put("kind", r.kind.name());
                    view.put("status", r.status.name());
                    view.put("details", r.details);
                    view.put("openedAt", r.openedAt.toString());
                    view.put("dueOn", r.dueOn.toString());
                    view.put("completedAt", r.completedAt == null ? null : r.completedAt.toString());
                    view.put("resolution", r.resolution);
                    return view;
                }).toList();
        return json.valueToTree(requests);
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        long cleared = RightsRequest.update("details = null, resolution = null where subjectId = ?1 "
                + "and (details is not null or resolution is not null)", accountId);
        return Map.of(DATASET, cleared);
    }

    @Override
    public List<ErasureReceipt.LegalHold> legalHolds(UUID accountId) {
        if (RightsRequest.count("subjectId", accountId) == 0) {
            return List.of();
        }
        return List.of(new ErasureReceipt.LegalHold(DATASET, HOLD_REASON,
                LocalDate.now(ZoneOffset.UTC).plusDays(HOLD_DAYS)));
    }
}
