package io.huiketang.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;

import org.junit.jupiter.api.Test;

class PublicOriginTest {

    private static final Set<String> UPSTREAMS = Set.of("127.0.0.1:8101", "127.0.0.1:8102");
    private static final String ORIGIN = "https://localhost:8443";

    @Test
    void aServicesOwnAddressBecomesThePublicOrigin() {
        assertEquals(ORIGIN + "/api/v1/meetings/1?x=1", PublicOrigin.rewritten(
                "http://127.0.0.1:8102/api/v1/meetings/1?x=1", ORIGIN, UPSTREAMS));
        // A service behind the gateway names itself without the port
        assertEquals(ORIGIN + "/api/v1/meetings/1", PublicOrigin.rewritten("https://127.0.0.1/api/v1/meetings/1",
                ORIGIN, UPSTREAMS));
    }

    @Test
    void anIdentityProviderOnTheSameHostKeepsItsAddress() {
        // The SSO redirect to an enterprise's Keycloak on 127.0.0.1:8180 must reach Keycloak
        String keycloak = "http://127.0.0.1:8180/realms/acme/protocol/openid-connect/auth?client_id=x";
        assertEquals(keycloak, PublicOrigin.rewritten(keycloak, ORIGIN, UPSTREAMS));
        assertEquals("https://idp.example.com/auth", PublicOrigin.rewritten("https://idp.example.com/auth", ORIGIN,
                UPSTREAMS));
    }

    @Test
    void aRelativeReferenceStaysAndGarbageIsDropped() {
        assertEquals("/api/v1/x", PublicOrigin.rewritten("/api/v1/x", ORIGIN, UPSTREAMS));
        assertNull(PublicOrigin.rewritten("http://bad host/", ORIGIN, UPSTREAMS));
    }
}
