package io.huiketang.account.policy;

import java.util.UUID;

import jakarta.transaction.Transactional;
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

import io.huiketang.account.account.Account;
import io.huiketang.account.profile.Profiles;
import io.huiketang.account.token.Session;
import io.huiketang.account.token.Sessions;
import io.huiketang.account.token.TokenPair;
import io.huiketang.kit.auth.Caller;
import io.quarkus.security.Authenticated;

/**
 * Accepting the current privacy policy again after privacy-service published a version that
 * requires it (PRV-2). Never refused for want of acceptance, nor for a child awaiting consent.
 */
@Path("/api/v1/accounts/me/policy-acceptances")
@Tag(name = "Profile")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PolicyAcceptanceResource {

    public record Acceptance(@NotBlank @Size(max = 32) String version) {
    }

    /** @param tokens a fresh pair for this session, whose access token no longer says acceptance is required */
    public record Accepted(PolicyVersions.Standing policy, TokenPair tokens) {
    }

    private final Profiles profiles;
    private final PolicyVersions policies;
    private final Sessions sessions;
    private final Caller caller;

    PolicyAcceptanceResource(Profiles profiles, PolicyVersions policies, Sessions sessions, Caller caller) {
        this.profiles = profiles;
        this.policies = policies;
        this.sessions = sessions;
        this.caller = caller;
    }

    @POST
    @Transactional
    @Operation(summary = "Accept the current privacy-policy version",
            description = "Records the acceptance (published as policy-accepted, channel REACCEPTANCE) and answers "
                    + "with new tokens for this session; the refresh token held before is spent.")
    @APIResponse(responseCode = "200", description = "Accepted (or already accepted): the standing and new tokens")
    @APIResponse(responseCode = "400", description = "version is missing or not the current version")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public Accepted accept(@Valid @NotNull Acceptance request) {
        Account account = profiles.current();
        PolicyVersions.Current current = policies.requireCurrent(request.version().strip(), "version");
        UUID session = UUID.fromString(caller.sessionId());
        if (!current.version().equals(account.policyVersion)) {
            policies.accepted(account, current.version(), PolicyVersions.Channel.REACCEPTANCE, session,
                    currentAuthMethod(session));
        }
        return new Accepted(policies.standingOf(account), sessions.reissue(account, session));
    }

    private static String currentAuthMethod(UUID sessionId) {
        Session session = Session.findById(sessionId);
        return session == null ? null : session.authMethod;
    }
}
