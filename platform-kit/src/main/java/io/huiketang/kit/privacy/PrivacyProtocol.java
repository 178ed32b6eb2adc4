package io.huiketang.kit.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.huiketang.kit.claimcheck.Claim;

/**
 * Topics, event types and messages of the privacy request protocol between privacy-service and the data holders.
 * Version 2: a request names the holders it asks (a retry asks only those still waiting), an ACCESS answer always
 * goes by claim-check (so {@code privacy.replies} carries no personal data), an ERASURE answer says what was
 * deleted, anonymised and kept (with the rule and legal basis), and ERASURE_CHECK re-queries a holder after the
 * erasure: it answers with what erasable data still remains (nothing, when the erasure did its job).
 */
public final class PrivacyProtocol {

    public static final String REQUESTS_TOPIC = "privacy.events";
    public static final String REPLIES_TOPIC = "privacy.replies";

    public static final String REQUEST_OPENED = "huiketang.privacy.request-opened.v2";
    public static final String REQUEST_ANSWERED = "huiketang.privacy.request-answered.v2";
    public static final String DATA_HOLDER_ANNOUNCED = "huiketang.privacy.data-holder-announced.v1";

    public enum Kind {
        ACCESS, ERASURE, ERASURE_CHECK
    }

    /** privacy-service asks the named data holders for a subject's data, to erase it, or to check the erasure. */
    public record RequestOpened(String requestId, String subjectId, Kind kind, List<String> holders,
            String openedAt) {

        public RequestOpened {
            holders = holders == null ? List.of() : List.copyOf(holders);
        }

        /** A request to every holder (tests and tools that stand in for privacy-service). */
        public RequestOpened(String requestId, String subjectId, Kind kind) {
            this(requestId, subjectId, kind, List.of(), Instant.now().toString());
        }

        /** Whether {@code service} is asked; no list asks every holder. */
        public boolean asks(String service) {
            return holders.isEmpty() || holders.contains(service);
        }
    }

    /**
     * One data holder's answer: ACCESS, its export slice by claim-check ({@code exportClaim}: the slice's JSON in the
     * S3 store); ERASURE, its {@code receipt}; ERASURE_CHECK, what erasable data {@code remaining} per table.column.
     */
    public record RequestAnswered(String requestId, String subjectId, Kind kind, String service, String answeredAt,
            Claim exportClaim, Receipt receipt, Map<String, Long> remaining) {
    }

    /**
     * What one holder's erasure did: rows deleted and anonymised per table, and what it kept, each with the
     * data-map rule and the legal basis.
     */
    public record Receipt(Map<String, Long> deleted, Map<String, Long> anonymised, List<Kept> kept) {
    }

    /**
     * @param dataset    the table (or record) kept
     * @param rule       the data map's retention rule that ends the hold, when there is one
     * @param legalBasis why it is kept
     * @param until      the day it will be deleted; null when it is kept as another party's record
     */
    public record Kept(String dataset, String rule, String legalBasis, LocalDate until) {
    }

    /** A service tells privacy-service that requests must wait for its answer. */
    public record DataHolderAnnounced(String service, String announcedAt) {
    }

    private PrivacyProtocol() {
    }
}
