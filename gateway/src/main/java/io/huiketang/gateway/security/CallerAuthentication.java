package io.huiketang.gateway.security;

import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.huiketang.gateway.GatewayProblems.Refusal;
import io.huiketang.kit.auth.StaffTenantResolver;
import io.huiketang.kit.auth.StaleTokenException;
import io.huiketang.kit.auth.TokenChecksUnavailableException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies the caller's access token before anything reaches a service: quarkus-oidc against
 * account-service's issuer (signature, issuer, audience, expiry), then platform-kit's revoked-session
 * and stale-token checks in Redis, so a logged-out token, or one issued before its account's rights
 * changed, is refused on its next request. Staff tokens (the Keycloak realm {@code staff}, picked by
 * platform-kit's {@link StaffTenantResolver}) pass only on the routes that serve staff. The services verify again
 * themselves (nothing trusts the network); the gateway's check rejects early and names the subject
 * for rate limits and the access log.
 */
@Singleton
public class CallerAuthentication {

    private static final Logger LOG = Logger.getLogger(CallerAuthentication.class);
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"huiketang\"");
    private static final Map<String, String> INVALID = Map.of("WWW-Authenticate",
            "Bearer realm=\"huiketang\", error=\"invalid_token\"");

    /**
     * The subject (account id, or staff member id) of the caller's verified token, or null for an
     * anonymous call to a public path; fails with a 401 or 503 {@link Refusal}.
     *
     * @param staffRoute whether the route serves staff, whose tokens come from the staff realm
     */
    public Future<String> subject(RoutingContext rc, boolean publicPath, boolean staffRoute) {
        if (publicPath) {
            // Public paths are not verified here: a stale token must not lock anyone out of logging in
            return Future.succeededFuture(null);
        }
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture(new Refusal(401, "A valid access token is required.", CHALLENGE));
        }
        Uni<SecurityIdentity> deferred = rc.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (deferred == null) {
            return Future.failedFuture(new IllegalStateException("HTTP authentication is not installed"));
        }
        Promise<String> result = Promise.promise();
        deferred.subscribe().with(identity -> {
            if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                    || token.getSubject() == null
                    || !staffRoute && StaffTenantResolver.TENANT.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE))) {
                result.fail(new Refusal(401, "A valid access token is required.", INVALID));
            } else {
                result.complete(token.getSubject());
            }
        }, failure -> result.fail(refusalFor(failure)));
        return result.future();
    }

    private static Throwable refusalFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OIDCException) {
                // The issuer's keys are out of reach: a temporary state, not the caller's fault
                LOG.warnf("Token issuer unavailable: %s", cause.getMessage());
                return new Refusal(503, "Access tokens cannot be verified right now; retry shortly.",
                        Map.of("Retry-After", "5"));
            }
        }
        if (StaleTokenException.isCauseOf(failure)) {
            // Issued before the account's rights changed: the client refreshes, as every service tells it
            return new Refusal(StaleTokenException.problem(), INVALID);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenChecksUnavailableException) {
                // Redis out of reach: whether the token was revoked cannot be told, so nothing passes
                return new Refusal(503, TokenChecksUnavailableException.DETAIL, Map.of("Retry-After", "5"));
            }
        }
        if (failure instanceof AuthenticationFailedException || failure instanceof SecurityException) {
            return new Refusal(401, "A valid access token is required.", INVALID);
        }
        return failure;
    }
}
