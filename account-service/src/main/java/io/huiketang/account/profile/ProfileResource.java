package io.huiketang.account.profile;

import java.util.ArrayList;
import java.util.List;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.DisplayNames;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** A person's own basic data (ACC-8): only ever the caller's own account. */
@Path("/api/v1/accounts/me")
@Tag(name = "Profile")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    /**
     * A correction: absent fields stay as they are.
     *
     * @param avatarUrl an https URL, or "" to remove the avatar
     */
    public record ProfileCorrection(@Size(max = 64) String displayName, @Size(max = 1024) String avatarUrl) {
    }

    private final Profiles profiles;
    private final Caller caller;
    private final AvatarUrls avatars;

    ProfileResource(Profiles profiles, Caller caller, AvatarUrls avatars) {
        this.profiles = profiles;
        this.caller = caller;
        this.avatars = avatars;
    }

    @GET
    @Operation(summary = "The caller's own basic data, WeChat binding and entitlements")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "401", description = "No valid access token")
    public Profiles.Profile me() {
        return profiles.view(profiles.current());
    }

    @PATCH
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Correct the display name or the avatar")
    @APIResponse(responseCode = "200", description = "The corrected profile")
    @APIResponse(responseCode = "400", description = "Nothing to change, a blank name or one with control, format "
            + "or invisible characters, or an avatar URL not on the platform's media hosts over https")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "A child's account waiting for a guardian's consent")
    public Profiles.Profile updateProfile(@Valid @NotNull ProfileCorrection correction) {
        caller.requireActive();
        if (correction.displayName() == null && correction.avatarUrl() == null) {
            throw ProblemException.badRequest("Nothing to change: give displayName or avatarUrl.");
        }
        Account account = profiles.current();
        List<String> changed = new ArrayList<>();
        if (correction.displayName() != null) {
            String name = DisplayNames.require(correction.displayName(), "displayName");
            if (!name.equals(account.displayName)) {
                account.displayName = name;
                changed.add("displayName");
            }
        }
        if (correction.avatarUrl() != null) {
            String avatar = correction.avatarUrl().isBlank() ? null
                    : avatars.require(correction.avatarUrl().strip(), "avatarUrl");
            if (avatar == null ? account.avatarUrl != null : !avatar.equals(account.avatarUrl)) {
                account.avatarUrl = avatar;
                changed.add("avatarUrl");
            }
        }
        if (!changed.isEmpty()) {
            profiles.changed(account, changed);
        }
        return profiles.view(account);
    }
}
