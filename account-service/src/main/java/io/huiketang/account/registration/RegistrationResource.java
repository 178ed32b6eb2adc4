package io.huiketang.account.registration;

import java.net.URI;
import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.account.DisplayNames;
import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.token.TokenPair;

@Path("/api/v1/accounts")
@Tag(name = "Registration and login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {

    public record PhoneRegistration(@NotBlank @Size(max = 32) String phone,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code,
            @NotBlank @Size(max = 64) String displayName,
            @NotBlank @Size(max = 32) String policyVersion,
            LocalDate birthDate,
            AgeBracket ageBracket) {
    }

    public record PhoneLogin(@NotBlank @Size(max = 32) String phone,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code) {
    }

    /**
     * @param guardianConsentRequired a child's account: nothing else works until a guardian consents
     * @param guardianNoticeRequired  14-17: the client shows the notice to read the policy with a guardian
     */
    public record RegistrationResult(String accountId, String status, String ageBracket,
            boolean guardianConsentRequired, boolean guardianNoticeRequired, TokenPair tokens) {
    }

    private final Registrations registrations;

    RegistrationResource(Registrations registrations) {
        this.registrations = registrations;
    }

    @POST
    @Path("/registrations")
    @Operation(summary = "Register with a mobile number and its code, accepting the current privacy policy")
    @APIResponse(responseCode = "201", description = "Registered; the first tokens are included")
    @APIResponse(responseCode = "400", description = "Invalid input, wrong or expired code, or not the current policy")
    @APIResponse(responseCode = "409", description = "The number already has an account")
    public Response register(@Valid @NotNull PhoneRegistration request) {
        String phone = PhoneNumbers.normalize(request.phone(), "phone");
        Registrations.Registered registered = registrations.register(phone, request.code(),
                DisplayNames.require(request.displayName(), "displayName"),
                request.policyVersion(), request.birthDate(), request.ageBracket());
        var account = registered.account();
        RegistrationResult result = new RegistrationResult(account.id.toString(), account.status.name(),
                account.ageBracket.name(), account.ageBracket == AgeBracket.CHILD,
                account.ageBracket == AgeBracket.TEEN, registered.tokens());
        return Response.created(URI.create("/api/v1/accounts/me")).entity(result).build();
    }

    @POST
    @Path("/logins")
    @Operation(summary = "Log in with a mobile number and its code")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "400", description = "Wrong or expired code")
    @APIResponse(responseCode = "403", description = "The account is suspended (type account-suspended)")
    @APIResponse(responseCode = "404", description = "No account uses this number")
    public TokenPair login(@Valid @NotNull PhoneLogin request) {
        return registrations.login(PhoneNumbers.normalize(request.phone(), "phone"), request.code());
    }
}
