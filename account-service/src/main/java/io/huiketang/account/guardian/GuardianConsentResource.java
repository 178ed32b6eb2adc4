package io.huiketang.account.guardian;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
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
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.token.Sessions;
import io.huiketang.account.token.TokenPair;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/** A guardian confirms a child's account with a code sent to the guardian's own mobile number (ACC-10). */
@Path("/api/v1/accounts/me/guardian-consent")
@Tag(name = "Minors")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GuardianConsentResource {

    public record GuardianPhone(@NotBlank @Size(max = 32) String guardianPhone) {
    }

    public record GuardianConfirmation(@NotBlank @Size(max = 32) String guardianPhone,
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code) {
    }

    private final Caller caller;
    private final VerificationCodes codes;
    private final SensitiveFields sensitive;
    private final Sessions sessions;
    private final Outbox outbox;

    GuardianConsentResource(Caller caller, VerificationCodes codes, SensitiveFields sensitive, Sessions sessions,
            Outbox outbox) {
        this.caller = caller;
        this.codes = codes;
        this.sensitive = sensitive;
        this.sessions = sessions;
        this.outbox = outbox;
    }

    @POST
    @Path("/codes")
    @Operation(summary = "Send a consent code to the guardian's mobile number")
    @APIResponse(responseCode = "202", description = "Code sent to the guardian")
    @APIResponse(responseCode = "409", description = "The account does not need a guardian's consent")
    public Response sendCode(@Valid @NotNull GuardianPhone request, @Context HttpServerRequest http) {
        Account child = pendingChild();
        String guardian = guardianNumber(request.guardianPhone(), child);
        return Response.accepted(codes.send(guardian, CodePurpose.GUARDIAN_CONSENT,
                http.remoteAddress().hostAddress())).build();
    }

    @POST
    @Transactional
    @Operation(summary = "Record the guardian's consent with the code they received; the account becomes active")
    @APIResponse(responseCode = "200", description = "Consent recorded; new tokens carry the active status")
    @APIResponse(responseCode = "400", description = "Wrong or expired code")
    @APIResponse(responseCode = "409", description = "The account does not need a guardian's consent")
    public TokenPair confirm(@Valid @NotNull GuardianConfirmation request) {
        Account child = pendingChild();
        String guardian = guardianNumber(request.guardianPhone(), child);
        codes.verify(guardian, CodePurpose.GUARDIAN_CONSENT, request.code());
        Instant now = Instant.now();
        GuardianConsent consent = new GuardianConsent();
        consent.accountId = child.id;
        consent.guardianPhoneCipher = sensitive.encrypt(guardian);
        consent.guardianPhoneHash = sensitive.lookupHash(guardian);
        consent.consentedAt = now;
        consent.persist();
        child.status = AccountStatus.ACTIVE;
        child.updatedAt = now;
        outbox.publish(AccountEvents.TOPIC, "account", child.id.toString(), AccountEvents.ACCOUNT_UPDATED,
                new AccountEvents.AccountUpdated(child.id.toString(), child.status.name(), List.of("status"),
                        now.toString()));
        return sessions.reissue(child, UUID.fromString(caller.sessionId()));
    }

    private Account pendingChild() {
        Account account = Account.findById(caller.accountId());
        if (account == null) {
            throw ProblemException.notFound("This account no longer exists.");
        }
        if (account.status != AccountStatus.PENDING_GUARDIAN_CONSENT) {
            throw ProblemException.conflict("This account does not need a guardian's consent.");
        }
        return account;
    }

    private String guardianNumber(String raw, Account child) {
        String guardian = PhoneNumbers.normalize(raw, "guardianPhone");
        if (sensitive.lookupHash(guardian).equals(child.phoneHash)) {
            throw ProblemException.invalidField("guardianPhone", "must be the guardian's own number, not the child's");
        }
        return guardian;
    }
}
