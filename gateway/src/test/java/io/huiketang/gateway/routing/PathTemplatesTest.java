package io.huiketang.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the network log keeps of a path, and how routing patterns match. */
class PathTemplatesTest {

    @Test
    void apiWordsStayAndIdentifiersBecomePlaceholders() {
        assertEquals("/api/v1/accounts/me", PathTemplates.of("/api/v1/accounts/me"));
        assertEquals("/api/v1/meetings/{id}/attendance",
                PathTemplates.of("/api/v1/meetings/5f0c6f0e-3f57-4c2b-9d2b-5f0c6f0e3f57/attendance"));
        assertEquals("/api/v1/meetings/{id}", PathTemplates.of("/api/v1/meetings/123456789"));
        assertEquals("/api/v1/invitations/{id}/accept", PathTemplates.of("/api/v1/invitations/aZ9_x-Qq/accept"));
        assertEquals("/.well-known/jwks.json", PathTemplates.of("/.well-known/jwks.json"));
        assertEquals("/api/v1/accounts/{id}", PathTemplates.of("/api/v1/accounts/+8613800138000"));
        assertEquals("/", PathTemplates.of("/"));
    }

    @Test
    void aTemplateOfVeryManySegmentsIsOneFixedValue() {
        assertEquals("/{too-long}", PathTemplates.of("/a".repeat(2_000)));
    }

    @Test
    void literalSegmentsMatchWhateverTheirCase() {
        assertTrue(PathPattern.of("/api/v1/accounts/logins").matches("/API/v1/Accounts/LOGINS"));
    }

    @Test
    void ambiguousPathsAreRefusedAndTheRestMadeCanonical() {
        for (String refused : new String[] { "/api/v1/accounts/logins;x", "/api/v1/accounts;x/logins",
                "/api/v1/accounts%2Flogins", "/api/v1/accounts%2flogins", "/api/v1/accounts/logins%3B",
                "/api/v1/accounts/%2e%2e/logins", "/api/v1/accounts/%252e", "/api/v1/accounts\\logins",
                "/api/v1/accounts/%00", "/api/v1/a\u0001b" }) {
            assertTrue(RequestPath.of(refused).refusal() != null, refused);
        }
        assertEquals("/api/v1/accounts/logins", RequestPath.of("/api//v1///accounts/logins").path());
        assertEquals("/api/v1/accounts/logins/", RequestPath.of("/api/v1/accounts/logins//").path());
        assertEquals("/api/v1/meetings/%E4%BC%9A", RequestPath.of("/api/v1/meetings/%E4%BC%9A").path());
    }

    @Test
    void patternsMatchSegmentsNotPrefixesOfThem() {
        PathPattern accounts = PathPattern.of("/api/v1/accounts/**");
        assertTrue(accounts.matches("/api/v1/accounts"));
        assertTrue(accounts.matches("/api/v1/accounts/me/email"));
        assertFalse(accounts.matches("/api/v1/accountsx"));
        PathPattern authorize = PathPattern.of("/api/v1/sso/*/authorize");
        assertTrue(authorize.matches("/api/v1/sso/123/authorize"));
        assertFalse(authorize.matches("/api/v1/sso/123/authorize/more"));
        assertTrue(PathPattern.of("/api/v1/accounts/logins").specificity() > accounts.specificity());
    }
}
