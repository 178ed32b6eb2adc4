package io.huiketang.kit.privacy;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.claimcheck.Claim;

/** Topics, event types and messages of the privacy request protocol between privacy-service and the data holders. */
public final class PrivacyProtocol {

    public static final String REQUESTS_TOPIC = "privacy.events";
    public static final String REPLIES_TOPIC = "privacy.replies";

    public static final String REQUEST_OPENED = "huiketang.privacy.request-opened.v1";
    public static final String REQUEST_ANSWERED = "huiketang.privacy.request-answered.v1";
    public static final String DATA_HOLDER_ANNOUNCED = "huiketang.privacy.data-holder-announced.v1";

    public enum Kind {
        ACCESS, ERASURE
    }

    /** privacy-service asks every data holder for a subject's data, or to erase it. */
    public record RequestOpened(String requestId, String subjectId, Kind kind) {
    }

    /**
     * One data holder's answer: its export slice (ACCESS), inline when small, else by claim-check
     * ({@code exportClaim}: the slice's JSON in the S3 store), or its erasure receipt (ERASURE).
     */
    public record RequestAnswered(String requestId, String subjectId, Kind kind, String service, String answeredAt,
            JsonNode export, Claim exportClaim, ErasureReceipt receipt) {
    }

    /** A service tells privacy-service that requests must wait for its answer. */
    public record DataHolderAnnounced(String service, String announcedAt) {
    }

    private PrivacyProtocol() {
    }
}
