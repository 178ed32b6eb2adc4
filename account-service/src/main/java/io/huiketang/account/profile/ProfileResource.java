package io.huiketang.account.profile;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** A person's own basic data (ACC-8): only ever the caller's own account. */
@Path("/api/v1/accounts/me")
@Tag(name = "Profile")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    public record Entitlements(List<String> roles, Set<String> enterprises) {
    }

    public record Profile(String id, String displayName, String phone, String email, boolean emailVerified,
            String avatarUrl, String status, String ageBracket, boolean guardianNoticeRequired,
            String residencyRegion, Instant createdAt, Entitlements entitlements) {
    }

    private final Caller caller;
    private final SensitiveFields sensitive;

    ProfileResource(Caller caller, SensitiveFields sensitive) {
        this.caller = caller;
        this.sensitive = sensitive;
    }

    @GET
    @Operation(summary = "The caller's own basic data and entitlements")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public Profile me() {
        Account account = Account.findById(caller.accountId());
        if (account == null) {
            throw ProblemException.notFound("This account no longer exists.");
        }
        List<String> roles = caller.enterprises().isEmpty() ? List.of("user") : List.of("user", "member");
        return new Profile(account.id.toString(), account.displayName, sensitive.decrypt(account.phoneCipher),
                account.email, account.emailVerified, account.avatarUrl, account.status.name(),
                account.ageBracket.name(), account.ageBracket == AgeBracket.TEEN, account.residencyRegion,
                account.createdAt, new Entitlements(roles, caller.enterprises()));
    }
}
