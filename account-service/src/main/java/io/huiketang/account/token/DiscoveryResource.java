package io.huiketang.account.token;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OIDC discovery and the JWKS: how every service learns to verify the platform's tokens. */
@Path("/.well-known")
@Tag(name = "Tokens and sessions")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    private final TokensConfig config;
    private final SigningKeys keys;

    DiscoveryResource(TokensConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "OIDC discovery document of the platform's token issuer")
    public Map<String, Object> discovery() {
        String issuer = config.issuer();
        return Map.of(
                "issuer", issuer,
                "jwks_uri", issuer + "/.well-known/jwks.json",
                "token_endpoint", issuer + "/api/v1/accounts/tokens/refresh",
                "response_types_supported", List.of("token"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("ES256"),
                "claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "jti", "sid", "status", "roles",
                        "enterprises", "admin_of"));
    }

    @GET
    @Path("/jwks.json")
    @Operation(summary = "Public keys that verify the platform's tokens (the next key is published before it signs)")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(60);
        return Response.ok(Map.of("keys", keys.publishedJwks())).cacheControl(cache).build();
    }
}
