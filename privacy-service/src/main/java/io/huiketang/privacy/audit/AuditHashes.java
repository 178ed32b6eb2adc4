package io.huiketang.privacy.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The chain's arithmetic, written once for appending and verifying: a record's canonical content
 * (JSON, fixed field order, no whitespace, instants in ISO-8601 UTC to the microsecond as the
 * database keeps them), its content hash, and its link hash SHA-256(prevHash || contentHash).
 */
final class AuditHashes {

    /** The previous hash of the first record. */
    static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditHashes() {
    }

    /** What the database can hold of an instant: microseconds. */
    static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static String canonical(long seq, String eventId, String source, Instant recordedAt, Instant occurredAt,
            String actorRole, String action, String actorId, String subjectId, String resource, String purpose) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("seq", seq);
        content.put("eventId", eventId);
        content.put("source", source);
        content.put("recordedAt", recordedAt.toString());
        content.put("occurredAt", occurredAt.toString());
        content.put("actorRole", actorRole);
        content.put("action", action);
        content.put("actorId", actorId);
        content.put("subjectId", subjectId);
        content.put("resource", resource);
        content.put("purpose", purpose);
        try {
            return JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String contentHash(AuditRecord r) {
        return sha256(canonical(r.seq(), r.eventId(), r.source(), r.recordedAt(), r.occurredAt(), r.actorRole(),
                r.action(), r.actorId(), r.subjectId(), r.resource(), r.purpose()));
    }

    static String link(String prevHash, String contentHash) {
        return sha256(prevHash + contentHash);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
