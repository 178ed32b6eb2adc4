package io.huiketang.kit.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Picks the OIDC tenant by the bearer token's issuer: the staff realm's tokens go to the
 * {@code staff} tenant ({@link StaffIssuerConfig}), everything else to the default one (the
 * platform's tokens, configured in platform-kit's shared configuration). The issuer read here is unverified on purpose: it only chooses which keys, issuer
 * and audience the token must then prove itself against, so a forged {@code iss} gains nothing.
 */
@ApplicationScoped
public class StaffTenantResolver implements TenantResolver {

    public static final String TENANT = "staff";
    private static final String BEARER = "bearer ";

    private final String staffIssuer;

    StaffTenantResolver(StaffIssuerConfig config) {
        this.staffIssuer = config.issuer().filter(issuer -> !issuer.isBlank()).orElse(null);
    }

    /**
     * Never null: quarkus-oidc would then pick a tenant named like any segment of the request path
     * (a path with {@code /staff/} would send platform tokens to the staff tenant).
     */
    @Override
    public String resolve(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        if (staffIssuer == null || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return OidcUtils.DEFAULT_TENANT_ID;
        }
        return staffIssuer.equals(issuerOf(authorization.substring(BEARER.length()).trim()))
                ? TENANT
                : OidcUtils.DEFAULT_TENANT_ID;
    }

    /** The {@code iss} claim of a compact JWS, or null when it is not one. */
    static String issuerOf(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            Object issuer = new JsonObject(new String(payload, StandardCharsets.UTF_8)).getValue("iss");
            return issuer instanceof String text ? text : null;
        } catch (RuntimeException notAJwt) {
            return null;
        }
    }
}
