package io.huiketang.kit.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One feature's share of what a service holds on a person. Each feature that stores
 * personal data contributes a section (a CDI bean); platform-kit's {@link SectionedPersonalData} exports all
 * sections and erases them in {@link #eraseOrder()} (dependants before what they reference).
 */
public interface PersonalDataSection {

    /** The section's name in the person's export, e.g. {@code enterpriseMemberships}. */
    String name();

    /** Everything this feature holds on the person, readable by them. */
    JsonNode export(UUID accountId);

    /** Deletes or anonymises the person's data; returns rows affected per table. */
    Map<String, Long> erase(UUID accountId);

    /** Lower runs first: rows that reference others are erased before them. */
    default int eraseOrder() {
        return 0;
    }

    /** Data kept despite the erasure because a law requires it. */
    default List<ErasureReceipt.LegalHold> legalHolds(UUID accountId) {
        return List.of();
    }
}
