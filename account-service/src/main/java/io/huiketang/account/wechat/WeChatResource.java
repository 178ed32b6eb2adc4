package io.huiketang.account.wechat;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.registration.RegistrationResource.RegistrationResult;
import io.huiketang.account.token.TokenPair;

@Path("/api/v1/accounts/wechat")
@Tag(name = "Registration and login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WeChatResource {

    /** @param code what WeChat handed the client after the person authorised the login (snsapi_userinfo) */
    public record WeChatLogin(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9_-]*", message = "is not a WeChat code") String code) {
    }

    /** @param displayName optional: WeChat's nickname when absent */
    public record WeChatRegistration(@NotBlank @Size(max = 64) String registrationTicket,
            @NotBlank @Size(max = 32) String phone,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code,
            @Size(max = 64) String displayName,
            @NotBlank @Size(max = 32) String policyVersion,
            LocalDate birthDate,
            AgeBracket ageBracket) {
    }

    private final WeChatLogins logins;

    WeChatResource(WeChatLogins logins) {
        this.logins = logins;
    }

    @POST
    @Path("/logins")
    @Operation(summary = "Log in with the code WeChat gave the client",
            description = "A known WeChat user gets tokens (200). An unknown one gets a registration ticket (202) "
                    + "and finishes with POST /api/v1/accounts/wechat/registrations, binding a mobile number.")
    @APIResponse(responseCode = "200", description = "Logged in",
            content = @Content(schema = @Schema(implementation = TokenPair.class)))
    @APIResponse(responseCode = "202", description = "Unknown WeChat user: bind a mobile number to finish",
            content = @Content(schema = @Schema(implementation = WeChatLogins.PendingRegistration.class)))
    @APIResponse(responseCode = "400", description = "Missing, wrong, expired or used WeChat code")
    @APIResponse(responseCode = "403", description = "The account of this WeChat user is suspended (type account-suspended)")
    @APIResponse(responseCode = "410", description = "The account of this WeChat user has been cancelled")
    @APIResponse(responseCode = "502", description = "WeChat refused the login for another reason")
    @APIResponse(responseCode = "503", description = "WeChat cannot be reached; see Retry-After")
    public Response wechatLogin(@Valid @NotNull WeChatLogin request) {
        WeChatLogins.Outcome outcome = logins.login(request.code());
        return outcome.tokens() != null ? Response.ok(outcome.tokens()).build()
                : Response.accepted(outcome.pending()).build();
    }

    @POST
    @Path("/registrations")
    @Operation(summary = "Finish a WeChat login by binding a mobile number proved with a login code",
            description = "Creates an account under the same terms as a phone registration (current policy, "
                    + "birth date or age bracket, guardian consent for a child), or, when the number already has "
                    + "an account, binds the WeChat account to it.")
    @APIResponse(responseCode = "201", description = "Account created; the first tokens are included")
    @APIResponse(responseCode = "200", description = "WeChat bound to the number's existing account; tokens included")
    @APIResponse(responseCode = "400",
            description = "Invalid input, unknown or expired ticket, wrong code, or not the current policy")
    @APIResponse(responseCode = "403", description = "The number's account is suspended (type account-suspended)")
    @APIResponse(responseCode = "409", description = "The number's account is cancelled or bound to another WeChat account")
    public Response wechatRegister(@Valid @NotNull WeChatRegistration request) {
        String phone = PhoneNumbers.normalize(request.phone(), "phone");
        WeChatLogins.Bound bound = logins.register(request.registrationTicket(), phone, request.code(),
                request.displayName(), request.policyVersion(), request.birthDate(), request.ageBracket());
        RegistrationResult result = new RegistrationResult(bound.account().id.toString(),
                bound.account().status.name(), bound.account().ageBracket.name(),
                bound.account().status == AccountStatus.PENDING_GUARDIAN_CONSENT,
                bound.account().ageBracket == AgeBracket.TEEN,
                bound.tokens());
        return bound.created() ? Response.created(URI.create("/api/v1/accounts/me")).entity(result).build()
                : Response.ok(result).build();
    }
}
