package io.huiketang.account.verification;

import jakarta.validation.Valid;
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

import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.stepup.StepUps;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/accounts/verification-codes")
@Tag(name = "Registration and login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VerificationCodeResource {

    /**
     * @param phone    the number to send a LOGIN code to; absent for STEP_UP (its code goes to the caller's own)
     * @param deviceId the app's installation id (a UUID or similar, 8-128 of {@code A-Z a-z 0-9 . _ : -}),
     *                 for the per-device limit; only its keyed hash is kept
     * @param purpose  LOGIN (the default: login or registration) or STEP_UP (with the access token: a fresh
     *                 proof for POST /api/v1/accounts/me/step-up)
     */
    public record CodeRequest(@Size(max = 32) String phone,
            @Pattern(regexp = CodeRequester.DEVICE_ID,
                    message = "must be the app's installation id (8-128 letters, digits or . _ : -)") String deviceId,
            @Pattern(regexp = "LOGIN|STEP_UP", message = "must be LOGIN or STEP_UP") String purpose) {
    }

    private final VerificationCodes codes;
    private final StepUps stepUps;
    private final Caller caller;

    VerificationCodeResource(VerificationCodes codes, StepUps stepUps, Caller caller) {
        this.codes = codes;
        this.stepUps = stepUps;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Send a login or registration code by SMS, or a step-up code to the caller",
            description = "LOGIN: the answer is the same whether or not the number has an account. STEP_UP needs "
                    + "the access token and no phone: the code goes to the account's own number by SMS, or, "
                    + "without one, to its e-mail address (the answer names the channel).")
    @APIResponse(responseCode = "202", description = "A code was sent")
    @APIResponse(responseCode = "400", description = "Malformed or missing number, a number given for STEP_UP, or an "
            + "unknown purpose")
    @APIResponse(responseCode = "401", description = "STEP_UP without a valid access token")
    @APIResponse(responseCode = "409", description = "STEP_UP for an account with neither a number nor an e-mail address")
    @APIResponse(responseCode = "429", description = "Too many codes for this number, address or device; see Retry-After")
    public Response send(@Valid @NotNull CodeRequest request, @Context HttpServerRequest http) {
        CodeRequester requester = new CodeRequester(http.remoteAddress().hostAddress(), request.deviceId());
        if (CodePurpose.STEP_UP.name().equals(request.purpose())) {
            if (request.phone() != null) {
                throw ProblemException.invalidField("phone", "must be left out: a step-up code goes to the account's own "
                        + "number or address");
            }
            if (!caller.isAuthenticated()) {
                throw ProblemException.unauthorized("A step-up code needs a valid access token.");
            }
            return Response.accepted(stepUps.sendCode(requester)).build();
        }
        if (request.phone() == null || request.phone().isBlank()) {
            throw ProblemException.invalidField("phone", "must not be blank");
        }
        String phone = PhoneNumbers.normalize(request.phone(), "phone");
        VerificationCodes.Sent sent = codes.send(phone, CodePurpose.LOGIN, requester);
        return Response.accepted(sent).build();
    }
}
