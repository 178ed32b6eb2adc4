package io.huiketang.kit.claimcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Claim-checks against the stack's real S3 store (s3proxy). */
@QuarkusTest
class ClaimChecksTest {

    @Inject
    ClaimChecks claimChecks;

    @Test
    void aStoredPayloadComesBackWithItsSizeAndDigest() {
        byte[] payload = "{\"会议\":\"导出\"}".getBytes(StandardCharsets.UTF_8);
        String key = "test/" + UUID.randomUUID() + ".json";

        Claim claim = claimChecks.store(key, payload, "application/json");

        assertEquals(key, claim.objectKey());
        assertEquals(payload.length, claim.size());
        assertEquals(ClaimChecks.sha256(payload), claim.sha256());
        assertArrayEquals(payload, claimChecks.fetch(claim));
        claimChecks.delete(key);
    }

    @Test
    void anObjectThatIsNotWhatItsClaimSaysIsRefused() {
        String key = "test/" + UUID.randomUUID() + ".json";
        Claim claim = claimChecks.store(key, "original".getBytes(StandardCharsets.UTF_8), "text/plain");
        // Replaced in the store with something of the same length
        claimChecks.store(key, "tampered".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThrows(ClaimChecks.ClaimCheckException.class, () -> claimChecks.fetch(claim));
        claimChecks.delete(key);
        assertThrows(ClaimChecks.ClaimCheckException.class, () -> claimChecks.fetch(claim), "gone is refused too");
    }
}
