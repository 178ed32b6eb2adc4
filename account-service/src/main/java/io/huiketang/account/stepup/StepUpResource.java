package io.huiketang.account.stepup;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;

/** Spends a step-up code for a short-lived token that proves a fresh verification ({@link StepUps}). */
@Path("/api/v1/accounts/me/step-up")
@Tag(name = "Tokens and sessions")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StepUpResource {

    public record Proof(@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String code) {
    }

    private final StepUps stepUps;

    StepUpResource(StepUps stepUps) {
        this.stepUps = stepUps;
    }

    @POST
    @Transactional
    @Operation(summary = "Prove a fresh STEP_UP code for a short-lived token with acr otp and auth_time",
            description = "Request the code first: POST /api/v1/accounts/verification-codes {\"purpose\": \"STEP_UP\"} "
                    + "with the access token. The token states the caller's usual claims too.")
    @APIResponse(responseCode = "200", description = "The step-up token")
    @APIResponse(responseCode = "400", description = "Wrong, expired or already used code (field code)")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "409", description = "The account has neither a number nor an e-mail address")
    public StepUps.StepUpToken stepUp(@Valid @NotNull Proof proof) {
        return stepUps.verify(proof.code());
    }
}
