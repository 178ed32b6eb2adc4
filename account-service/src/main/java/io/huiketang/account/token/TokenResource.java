package io.huiketang.account.token;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.quarkus.security.Authenticated;

@Path("/api/v1/accounts")
@Tag(name = "Tokens and sessions")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    public record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
    }

    public record LogoutRequest(boolean allSessions) {
    }

    private final Sessions sessions;
    private final Caller caller;

    TokenResource(Sessions sessions, Caller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @POST
    @Path("/tokens/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a refresh token for a new pair (the old refresh token is spent)")
    @APIResponse(responseCode = "200", description = "New tokens")
    @APIResponse(responseCode = "401", description = "Unknown, expired or reused refresh token; reuse ends the session")
    @APIResponse(responseCode = "403", description = "The account is suspended (type account-suspended)")
    public TokenPair refresh(@Valid @NotNull RefreshRequest request) {
        return sessions.refresh(request.refreshToken());
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "End this session, or every session of the account")
    @APIResponse(responseCode = "204", description = "Logged out; the access tokens of the ended sessions are refused from now on")
    public void logout(LogoutRequest request) {
        if (request != null && request.allSessions()) {
            sessions.revokeAll(caller.accountId(), Sessions.RevokeReason.LOGOUT_ALL);
        } else {
            sessions.revoke(java.util.UUID.fromString(caller.sessionId()), Sessions.RevokeReason.LOGOUT);
        }
    }
}
