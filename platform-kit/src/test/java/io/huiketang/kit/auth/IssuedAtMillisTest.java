package io.huiketang.kit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The issue time compared with a stale-token mark: milliseconds when the token has them, else whole seconds. */
class IssuedAtMillisTest {

    @Test
    void theMillisecondClaimIsReadInEachFormAVerifierMayHandOver() {
        assertEquals(1_700_000_000_123L, TokenRevocationCheck.issuedAtMillis(token(Map.of("iat_ms", 1_700_000_000_123L,
                "iat", 1_700_000_000L))));
        assertEquals(1_700_000_000_123L, TokenRevocationCheck.issuedAtMillis(token(Map.of(
                "iat_ms", Json.createValue(1_700_000_000_123L), "iat", 1_700_000_000L))));
    }

    @Test
    void aTokenWithoutMillisecondsCountsFromTheStartOfItsSecond() {
        // An older token looks at most a second older than it is: refused a little early, never late
        assertEquals(1_700_000_000_000L, TokenRevocationCheck.issuedAtMillis(token(Map.of("iat", 1_700_000_000L))));
    }

    private static JsonWebToken token(Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public Set<String> getClaimNames() {
                return all.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) all.get(name);
            }
        };
    }
}
