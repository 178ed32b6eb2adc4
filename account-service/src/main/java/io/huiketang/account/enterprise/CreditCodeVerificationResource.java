package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.CodeRequester;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/**
 * Proof that a unified social credit code is the enterprise's own: a code sent to the contact
 * number the registry has on record for that credit code (never the number the claimant typed),
 * entered by an admin of the claiming enterprise. Any number of enterprises may claim a code;
 * the first to prove it owns it, and a partial unique index keeps it to one.
 */
@Path("/api/v1/enterprises/{enterpriseId}/credit-code-verification")
@Tag(name = "Enterprises")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CreditCodeVerificationResource {

    /** @param sentTo the registered number, its middle hidden */
    public record CodeSent(String sentTo, long expiresInSeconds, long resendAfterSeconds) {
    }

    public record Proof(@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code) {
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final CreditCodeRegistry registry;
    private final VerificationCodes codes;
    private final SensitiveFields sensitive;

    CreditCodeVerificationResource(Caller caller, EnterpriseAccess access, CreditCodeRegistry registry,
            VerificationCodes codes, SensitiveFields sensitive) {
        this.caller = caller;
        this.access = access;
        this.registry = registry;
        this.codes = codes;
        this.sensitive = sensitive;
    }

    @POST
    @Path("/codes")
    @Transactional
    @Operation(operationId = "sendCreditCodeVerificationCode",
            summary = "Send a code to the contact number the registry holds for the enterprise's credit code")
    @APIResponse(responseCode = "202", description = "Sent; the answer shows the number with its middle hidden")
    @APIResponse(responseCode = "403", description = "Not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    @APIResponse(responseCode = "409", description = "Already verified, proven by another enterprise, or not in the registry")
    @APIResponse(responseCode = "429", description = "Too many codes for this claim, address or device; see Retry-After")
    public Response sendCode(@PathParam("enterpriseId") UUID enterpriseId, @Context HttpServerRequest http) {
        caller.requireActive();
        Enterprise enterprise = access.requireAdmin(enterpriseId);
        if (enterprise.creditCodeVerifiedAt != null) {
            throw ProblemException.conflict("This enterprise has already proven its credit code.");
        }
        requireNotOwnedByAnother(enterprise);
        String contact = registry.contactNumber(enterprise.creditCode)
                .orElseThrow(EnterpriseProblems::creditCodeNotInRegistry);
        VerificationCodes.Sent sent = codes.sendForClaim(contact, enterprise.id.toString(), CodePurpose.CREDIT_CODE_CLAIM,
                CodeRequester.fromAddress(http.remoteAddress().hostAddress()));
        return Response.accepted(new CodeSent(PhoneNumbers.masked(contact), sent.expiresInSeconds(),
                sent.resendAfterSeconds())).build();
    }

    @POST
    @Transactional
    @Operation(summary = "Prove the credit code with the code sent to its registered contact")
    @APIResponse(responseCode = "200", description = "The enterprise, its credit code verified")
    @APIResponse(responseCode = "400", description = "Wrong or expired code")
    @APIResponse(responseCode = "403", description = "Not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    @APIResponse(responseCode = "409", description = "Proven by another enterprise, or not in the registry")
    public EnterpriseResource.EnterpriseView verify(@PathParam("enterpriseId") UUID enterpriseId,
            @Valid @NotNull Proof proof) {
        caller.requireActive();
        Enterprise enterprise = access.requireAdminToChange(enterpriseId);
        if (enterprise.creditCodeVerifiedAt == null) {
            requireNotOwnedByAnother(enterprise);
            String contact = registry.contactNumber(enterprise.creditCode)
                    .orElseThrow(EnterpriseProblems::creditCodeNotInRegistry);
            codes.verifyForClaim(contact, enterprise.id.toString(), CodePurpose.CREDIT_CODE_CLAIM, proof.code());
            enterprise.creditCodeVerifiedAt = Instant.now();
            try {
                enterprise.flush();
            } catch (PersistenceException proven) {
                // Another claim was proven at the same moment: the unique index keeps one owner
                throw EnterpriseProblems.creditCodeOwned();
            }
        }
        return EnterpriseResource.EnterpriseView.of(enterprise, true, sensitive);
    }

    private static void requireNotOwnedByAnother(Enterprise enterprise) {
        if (Enterprise.count("creditCode = ?1 and creditCodeVerifiedAt is not null and id <> ?2", enterprise.creditCode,
                enterprise.id) > 0) {
            throw EnterpriseProblems.creditCodeOwned();
        }
    }
}
