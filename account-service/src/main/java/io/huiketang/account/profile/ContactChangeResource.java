package io.huiketang.account.profile;

import java.util.List;
import java.util.Locale;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/**
 * Changing the caller's e-mail (proved by a code sent to the new address) and mobile number
 * (proved by codes sent to both the old and the new number), ACC-8.
 */
@Path("/api/v1/accounts/me")
@Tag(name = "Profile")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ContactChangeResource {

    public record EmailAddress(@NotBlank @Email @Size(max = 254) String email) {
    }

    public record EmailChange(@NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code) {
    }

    public record PhoneNumber(@NotBlank @Size(max = 32) String phone) {
    }

    /** @param oldCode the code sent to the current number; not needed by an account without one (SSO) */
    public record PhoneChange(@NotBlank @Size(max = 32) String phone,
            @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String oldCode,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String newCode) {
    }

    private final Profiles profiles;
    private final VerificationCodes codes;
    private final SensitiveFields sensitive;
    private final Caller caller;

    ContactChangeResource(Profiles profiles, VerificationCodes codes, SensitiveFields sensitive, Caller caller) {
        this.profiles = profiles;
        this.codes = codes;
        this.sensitive = sensitive;
        this.caller = caller;
    }

    @POST
    @Path("/email/codes")
    @Operation(summary = "Send a code to the new e-mail address")
    @APIResponse(responseCode = "202", description = "Code sent")
    @APIResponse(responseCode = "400", description = "Not an e-mail address")
    @APIResponse(responseCode = "403", description = "A child's account waiting for a guardian's consent")
    @APIResponse(responseCode = "429", description = "Too many codes; see Retry-After")
    public Response sendEmailCode(@Valid @NotNull EmailAddress request, @Context HttpServerRequest http) {
        caller.requireActive();
        return Response.accepted(codes.sendByEmail(normalized(request.email()), CodePurpose.CHANGE_EMAIL,
                http.remoteAddress().hostAddress())).build();
    }

    @POST
    @Path("/email")
    @Transactional
    @Operation(summary = "Set the e-mail address, proved by the code sent to it")
    @APIResponse(responseCode = "200", description = "The profile with the verified address")
    @APIResponse(responseCode = "400", description = "Not an e-mail address, or a wrong or expired code")
    @APIResponse(responseCode = "403", description = "A child's account waiting for a guardian's consent")
    public Profiles.Profile changeEmail(@Valid @NotNull EmailChange request) {
        caller.requireActive();
        String email = normalized(request.email());
        Account account = profiles.current();
        codes.verify(email, CodePurpose.CHANGE_EMAIL, request.code());
        account.email = email;
        account.emailVerified = true;
        profiles.changed(account, List.of("email"));
        return profiles.view(account);
    }

    @POST
    @Path("/phone/codes")
    @Operation(summary = "Send change codes to the current and the new mobile number")
    @APIResponse(responseCode = "202", description = "Codes sent (to the new number only, for an account without one)")
    @APIResponse(responseCode = "400", description = "Malformed number, or the account's current number")
    @APIResponse(responseCode = "403", description = "A child's account waiting for a guardian's consent")
    @APIResponse(responseCode = "429", description = "Too many codes; see Retry-After")
    public Response sendPhoneChangeCodes(@Valid @NotNull PhoneNumber request, @Context HttpServerRequest http) {
        caller.requireActive();
        Account account = profiles.current();
        String phone = newNumber(request.phone(), account);
        String clientIp = http.remoteAddress().hostAddress();
        if (account.phoneCipher != null) {
            codes.send(sensitive.decrypt(account.phoneCipher), CodePurpose.CHANGE_PHONE, clientIp);
        }
        return Response.accepted(codes.send(phone, CodePurpose.CHANGE_PHONE, clientIp)).build();
    }

    @POST
    @Path("/phone")
    @Transactional
    @Operation(summary = "Change the mobile number, proved by the codes sent to the current and the new number")
    @APIResponse(responseCode = "200", description = "The profile with the new number")
    @APIResponse(responseCode = "400", description = "Malformed number, or a wrong or expired code")
    @APIResponse(responseCode = "403", description = "A child's account waiting for a guardian's consent")
    @APIResponse(responseCode = "409", description = "Another account already uses the new number")
    public Profiles.Profile changePhone(@Valid @NotNull PhoneChange request) {
        caller.requireActive();
        Account account = profiles.current();
        String phone = newNumber(request.phone(), account);
        if (account.phoneCipher != null) {
            if (request.oldCode() == null) {
                throw ProblemException.invalidField("oldCode", "is required: the code sent to the current number");
            }
            codes.verify(sensitive.decrypt(account.phoneCipher), CodePurpose.CHANGE_PHONE, request.oldCode());
        }
        codes.verify(phone, CodePurpose.CHANGE_PHONE, request.newCode());
        // Checked only once the person has proved the number, so nobody learns who else is registered
        String phoneHash = sensitive.lookupHash(phone);
        if (Account.findByPhoneHash(phoneHash) != null) {
            throw ProblemException.conflict("Another account already uses this number.");
        }
        account.phoneCipher = sensitive.encrypt(phone);
        account.phoneHash = phoneHash;
        profiles.changed(account, List.of("phone"));
        return profiles.view(account);
    }

    private String newNumber(String raw, Account account) {
        String phone = PhoneNumbers.normalize(raw, "phone");
        if (sensitive.lookupHash(phone).equals(account.phoneHash)) {
            throw ProblemException.invalidField("phone", "is already this account's number");
        }
        return phone;
    }

    private static String normalized(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
