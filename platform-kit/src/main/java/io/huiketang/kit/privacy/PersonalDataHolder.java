package io.huiketang.kit.privacy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a service holds on a person, for privacy requests. Services usually contribute
 * {@link PersonalDataSection}s, which {@link SectionedPersonalData} assembles into this; a service
 * may instead implement it as one CDI bean of its own. platform-kit answers
 * privacy-service's requests with it: it announces the service as a data holder at start-up,
 * consumes {@code privacy.request-opened} once per request, and replies on {@code privacy.replies}
 * in the same transaction as the erasure.
 */
public interface PersonalDataHolder {

    /** Everything this service holds on the subject, as JSON: its slice of the person's archive. */
    JsonNode export(String subjectId);

    /**
     * Deletes or anonymises the subject's data. Runs inside the transaction that records the
     * request and writes the reply, so a failure leaves nothing half-erased.
     */
    ErasureReceipt erase(String subjectId);
}
