package io.huiketang.account.sso;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.token.TokenPair;

/**
 * Login through an enterprise's own provider (ACC-7): authorization code with PKCE, state and
 * nonce. The flow is API-only: the browser (or web view) that opened {@code authorize} comes back
 * to {@code callback}, which answers with the platform's tokens as JSON, never in a URL.
 */
@Path("/api/v1/sso")
@Tag(name = "Enterprise SSO")
public class SsoLoginResource {

    /** Binds a login to the browser that started it (RFC 6749 10.12), so a stolen callback URL is useless. */
    static final String BROWSER_COOKIE = "huiketang_sso";

    public record SsoLoginResult(String accountId, String enterpriseId, boolean newAccount, TokenPair tokens) {
    }

    private final SsoLogins logins;
    private final SsoConfig config;

    SsoLoginResource(SsoLogins logins, SsoConfig config) {
        this.logins = logins;
        this.config = config;
    }

    @GET
    @Path("/{enterpriseId}/authorize")
    @Operation(summary = "Start an SSO login: redirects to the enterprise's identity provider")
    @APIResponse(responseCode = "302", description = "To the provider's authorization endpoint")
    @APIResponse(responseCode = "400", description = "policyVersion is missing or not the current privacy policy")
    @APIResponse(responseCode = "404", description = "No such enterprise, or no SSO configured for it")
    @APIResponse(responseCode = "502", description = "The enterprise's provider is unreachable")
    public Response startSsoLogin(@PathParam("enterpriseId") UUID enterpriseId,
            @QueryParam("policyVersion") String policyVersion) {
        SsoLogins.Started started = logins.start(enterpriseId, policyVersion);
        return Response.status(Response.Status.FOUND).location(started.authorizationUrl())
                .cookie(browserCookie(started.browserSecret(), (int) config.loginLifetime().toSeconds()))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/callback")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where the provider sends the person back: answers with the platform's tokens")
    @APIResponse(responseCode = "200", description = "Logged in; account and membership created at the first login")
    @APIResponse(responseCode = "400",
            description = "Unknown, expired, reused or foreign state; code refused or replayed; invalid ID token")
    @APIResponse(responseCode = "403",
            description = "No verified e-mail in the enterprise's verified domains, or the account was cancelled")
    @APIResponse(responseCode = "409", description = "The same person's first login is under way in parallel")
    @APIResponse(responseCode = "502",
            description = "The enterprise's provider is unreachable or refused this service's credentials")
    public Response finishSsoLogin(@QueryParam("state") String state, @QueryParam("code") String code,
            @QueryParam("error") String error, @QueryParam("iss") String iss,
            @CookieParam(BROWSER_COOKIE) String browserSecret) {
        JustInTimeProvisioning.LoggedIn loggedIn = logins.finish(state, code, error, iss, browserSecret);
        SsoLoginResult result = new SsoLoginResult(loggedIn.accountId().toString(),
                loggedIn.enterpriseId().toString(), loggedIn.newAccount(), loggedIn.tokens());
        return Response.ok(result).cookie(browserCookie("", 0)).header("Cache-Control", "no-store").build();
    }

    private NewCookie browserCookie(String value, int maxAge) {
        URI callback = URI.create(config.callbackUrl());
        return new NewCookie.Builder(BROWSER_COOKIE).value(value).path(callback.getPath()).maxAge(maxAge)
                .httpOnly(true).secure("https".equals(callback.getScheme()))
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
